import { useEffect, useState } from "preact/hooks";
import { Options } from "@/components/Options";
import type { Money } from "@/lib/domain/types";
import { SETTINGS_VERSION } from "@/lib/settings/schema";
import { loadSettings, saveSettings } from "@/lib/settings/store";

/** Wiring only: loads the settings, hands them to the form, saves what the form validated. */
export function OptionsApp() {
  const [limits, setLimits] = useState<Money[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadSettings().then(
      (settings) => setLimits(settings.limits),
      (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)),
    );
  }, []);

  if (error) return <p role="alert">{error}</p>;
  if (limits === null) return <p>Loading…</p>;
  return <Options limits={limits} onSave={(next) => saveSettings({ version: SETTINGS_VERSION, limits: next })} />;
}
