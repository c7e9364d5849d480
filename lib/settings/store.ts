import { browser } from "wxt/browser";
import * as z from "zod";
import { t } from "../i18n/t";
import { DEFAULT_SETTINGS, settingsSchema, upgradeSettings, type Settings } from "./schema";

const KEY = "settings";

export class SettingsError extends Error {}

/**
 * Reads the settings. Nothing stored yet gives the defaults; something stored that no longer
 * validates is reported, never silently replaced (the user's limits must not vanish).
 */
export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  if (stored === undefined) return DEFAULT_SETTINGS;
  const parsed = settingsSchema.safeParse(upgradeSettings(stored));
  if (!parsed.success) throw new SettingsError(t("settings_unreadable", z.prettifyError(parsed.error)));
  return parsed.data;
}

/** Validates, then stores. Invalid settings are refused with a readable message and nothing is written. */
export async function saveSettings(settings: Settings): Promise<void> {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) throw new SettingsError(z.prettifyError(parsed.error));
  await browser.storage.local.set({ [KEY]: parsed.data });
}

export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== "local" || !(KEY in changes)) return;
    const parsed = settingsSchema.safeParse(upgradeSettings(changes[KEY]?.newValue ?? DEFAULT_SETTINGS));
    if (parsed.success) listener(parsed.data);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
