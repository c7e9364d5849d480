import * as z from "zod";
import { moneySchema } from "../protocol/status-report";

/** Settings as stored in extension storage. Bump `version` with a migration step, never in place. */
export const SETTINGS_VERSION = 1;

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
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const settingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  limits: z
    .array(limitSchema)
    .max(200)
    .refine(
      (limits) => new Set(limits.map((l) => `${l.amount.currency} ${l.shopOrigin ?? "*"} ${l.period}`)).size === limits.length,
      { error: "There is already a limit for that currency, shop and period." },
    ),
  notifications: notificationSettingsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  limits: [],
  notifications: { warnings: true, deliveries: true, payments: true },
};
