import * as z from "zod";
import { ADAPTER_IDS } from "../capture/adapters/types";
import { t } from "../i18n/t";
import { personalInfoSchema } from "../protocol/commands";
import { moneySchema } from "../protocol/status-report";
import { SETTINGS_VERSION } from "./defaults";

export { DEFAULT_SETTINGS, SETTINGS_VERSION } from "./defaults";

export const LIMIT_PERIODS = ["none", "calendar-month", "rolling-30-days", "calendar-week"] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

/**
 * A spending limit in one currency, for all shops or one shop (by origin). With period "none"
 * it caps what is not settled yet (seed 002 claim 8); with a period it caps what was committed
 * (ordered and not cancelled or failed) in that period.
 */
export const limitSchema = z.strictObject({
  id: z.string().min(1).max(64),
  amount: moneySchema,
  shopOrigin: z.url({ protocol: /^https?$/ }).nullable(),
  period: z.enum(LIMIT_PERIODS),
});
export type Limit = z.infer<typeof limitSchema>;

export const notificationSettingsSchema = z.strictObject({
  warnings: z.boolean(),
  deliveries: z.boolean(),
  payments: z.boolean(),
  /** A shop's answer to a command (its completion notice, a refusal, an automatic cancellation). */
  commands: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

/**
 * How long a trade may stay open before it is flagged (seed 000 claim 6), and the shops
 * (by origin) where it is then cancelled automatically. Off when `days` is null.
 */
export const waitLimitSchema = z.strictObject({
  days: z.int().min(1).max(365).nullable(),
  autoCancelOrigins: z.array(z.url({ protocol: /^https?$/ })).max(200),
});
export type WaitLimit = z.infer<typeof waitLimitSchema>;

export const settingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  limits: z
    .array(limitSchema)
    .max(200)
    .refine(
      (limits) => new Set(limits.map((l) => `${l.amount.currency} ${l.shopOrigin ?? "*"} ${l.period}`)).size === limits.length,
      // A function: the message is read in the UI's language when the problem is found, not at load.
      { error: () => t("settings_duplicateAnyLimit") },
    ),
  notifications: notificationSettingsSchema,
  /** Sent to a shop only in the commit of a completion (seed 000 claim 4); null until the user fills it in. */
  deliveryProfile: personalInfoSchema.nullable(),
  waitLimit: waitLimitSchema,
  /** Platform adapters the user switched off (lib/capture/adapters): they read no page. */
  disabledAdapters: z.array(z.enum(ADAPTER_IDS)).max(ADAPTER_IDS.length),
});

export type Settings = z.infer<typeof settingsSchema>;

/** zod's words for what is wrong with settings that do not validate, as the store reports them. */
export function settingsProblem(error: z.ZodError): string {
  return z.prettifyError(error);
}

/** Settings version 1 (before the transaction manager): no delivery profile, no wait limit. */
const settingsV1Schema = z.looseObject({ version: z.literal(1), notifications: z.looseObject({}) });

/**
 * Brings stored settings of an older version up to this one, step by step (append-only).
 * Anything that is not a known older version is returned as it is, for settingsSchema to judge.
 */
export function upgradeSettings(stored: unknown): unknown {
  let value = stored;
  const v1 = settingsV1Schema.safeParse(value);
  if (v1.success) {
    value = {
      ...v1.data,
      version: 2,
      notifications: { ...v1.data.notifications, commands: true },
      deliveryProfile: null,
      waitLimit: { days: null, autoCancelOrigins: [] },
      disabledAdapters: [],
    };
  }
  return value;
}
