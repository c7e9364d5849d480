import type { Settings } from "./schema";

/**
 * The settings before the user saves any, apart from their schema: a page that finds nothing
 * stored needs no validation, so it loads no zod (lib/settings/store.ts).
 */

/** Settings as stored in extension storage. Bump `version` with a migration step, never in place. */
export const SETTINGS_VERSION = 2;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  limits: [],
  notifications: { warnings: true, deliveries: true, payments: true, commands: true },
  deliveryProfile: null,
  waitLimit: { days: null, autoCancelOrigins: [] },
  disabledAdapters: [],
};
