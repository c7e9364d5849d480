import { browser } from "wxt/browser";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { loadSettings } from "../settings/store";

/** Unreadable settings are reported where the user edits them; here the defaults are better than no page. */
export async function settingsFor(purpose: string): Promise<Settings> {
  return currentSettings().catch((error: unknown) => {
    console.warn(`TradeWatch could not read its settings for ${purpose}:`, error);
    return DEFAULT_SETTINGS;
  });
}

interface SettingsCopy {
  settings: Promise<Settings>;
  drop: (changes: unknown, area: string) => void;
}

/**
 * The settings as last read. A captured page needs them twice (detection, capture), and waits on each read (issue 7).
 * Storage stays the truth: any change to local storage drops the copy, which is kept only while
 * the listener that drops it is registered; a worker that was stopped starts without one.
 */
let settingsCopy: SettingsCopy | null = null;

function currentSettings(): Promise<Settings> {
  const { onChanged } = browser.storage;
  if (settingsCopy !== null && onChanged.hasListener(settingsCopy.drop)) return settingsCopy.settings;
  const copy: SettingsCopy = {
    settings: loadSettings(),
    drop: (_changes, area) => {
      if (area !== "local") return;
      onChanged.removeListener(copy.drop);
      if (settingsCopy === copy) settingsCopy = null;
    },
  };
  onChanged.addListener(copy.drop);
  // Settings that cannot be read are read again next time (and reported again).
  copy.settings.catch(() => copy.drop(null, "local"));
  settingsCopy = copy;
  return copy.settings;
}
