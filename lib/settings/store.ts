import { browser } from "wxt/browser";
import { t } from "../i18n/t";
import { onStoredValueChanged } from "../storage-changes";
import { DEFAULT_SETTINGS } from "./defaults";
import type { Settings } from "./schema";

export const SETTINGS_KEY = "settings";

export class SettingsError extends Error {}

/**
 * The schema, and zod with it, loads when there is something to check: the popup's first
 * render needs neither when nothing is stored, and otherwise they load beside its ledger read.
 */
const loadSchema = () => import("./schema");

/**
 * Reads the settings. Nothing stored yet gives the defaults; something stored that no longer
 * validates is reported, never silently replaced (the user's limits must not vanish).
 */
export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (stored === undefined) return DEFAULT_SETTINGS;
  const { settingsSchema, upgradeSettings, settingsProblem } = await loadSchema();
  const parsed = settingsSchema.safeParse(upgradeSettings(stored));
  if (!parsed.success) throw new SettingsError(t("settings_unreadable", settingsProblem(parsed.error)));
  return parsed.data;
}

/** Validates, then stores. Invalid settings are refused with a readable message and nothing is written. */
export async function saveSettings(settings: Settings): Promise<void> {
  const { settingsSchema, settingsProblem } = await loadSchema();
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) throw new SettingsError(settingsProblem(parsed.error));
  await browser.storage.local.set({ [SETTINGS_KEY]: parsed.data });
}

/** Follows the valid settings as they change (an invalid change is not reported). */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const read = async (stored: unknown) => {
    const { settingsSchema, upgradeSettings } = await loadSchema();
    const parsed = settingsSchema.safeParse(upgradeSettings(stored ?? DEFAULT_SETTINGS));
    return parsed.success ? parsed.data : undefined;
  };
  return onStoredValueChanged(SETTINGS_KEY, read, listener);
}
