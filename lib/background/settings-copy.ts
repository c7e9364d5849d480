import { browser } from "wxt/browser";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { loadSettings, SETTINGS_KEY } from "../settings/store";

/** Unreadable settings are reported where the user edits them; here the defaults are better than no page. */
export async function settingsFor(purpose: string): Promise<Settings> {
  return currentSettings().catch((error: unknown) => {
    console.warn(`TradeWatch could not read its settings for ${purpose}:`, error);
    return DEFAULT_SETTINGS;
  });
}

interface SettingsCopy {
  settings: Promise<Settings>;
  drop: (changes: Record<string, unknown>, area: string) => void;
}

/**
 * The settings as last read. A captured page needs them twice (detection, capture), and waits on each read (issue 7).
 * Storage stays the truth: a change to the stored settings drops the copy, which is kept only
 * while the listener that drops it is registered; a worker that was stopped starts without one.
 */
let settingsCopy: SettingsCopy | null = null;

function currentSettings(): Promise<Settings> {
  const { onChanged } = browser.storage;
  if (settingsCopy !== null && onChanged.hasListener(settingsCopy.drop)) return settingsCopy.settings;
  const forget = () => {
    onChanged.removeListener(copy.drop);
    if (settingsCopy === copy) settingsCopy = null;
  };
  const copy: SettingsCopy = {
    settings: loadSettings(),
    drop: (changes, area) => {
      if (area === "local" && SETTINGS_KEY in changes) forget();
    },
  };
  onChanged.addListener(copy.drop);
  // Settings that cannot be read are read again next time (and reported again).
  copy.settings.catch(forget);
  settingsCopy = copy;
  return copy.settings;
}
