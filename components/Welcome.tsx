import { useId, useState } from "preact/hooks";
import { formatMoney } from "../lib/domain/money";
import type { Money } from "../lib/domain/types";
import { t, uiLocale } from "../lib/i18n/t";
import type { Limit, Settings } from "../lib/settings/schema";
import { amountExample, readAmount } from "./amount-text";
import { COMMON_CURRENCIES } from "./currencies";
import { SiteAccessPanel, type SiteAccessPanelProps } from "./SiteAccessPanel";
import { markedOff } from "./ui/marked-off";
import { useFocusRequest } from "./use-focus-request";
import "./styles.css";
import "./welcome.css";

export interface WelcomeProps {
  /** The browser's site grants and the changes to them (useSiteAccess), as the options page has them. */
  siteAccess: SiteAccessPanelProps;
  /** The currency the limit form and the sample start with (currencyFor(uiLocale())). */
  currency: string;
  /** Stores the first limit; rejects with the reason to show. */
  onSaveLimit: (amount: Money) => Promise<void>;
  /** The local demo shop of a demo build (`npm run demo`); null in the build users install. */
  demoShopUrl: string | null;
  /** Whether the sample order is in the ledger; null while that is being read. */
  hasSample: boolean | null;
  onAddSample: (currency: string) => Promise<void>;
  onRemoveSample: () => Promise<void>;
}

/** The currency people in the locale's region most likely pay in, among the common ones; else the euro. */
const REGION_CURRENCIES: Record<string, string> = {
  US: "USD",
  GB: "GBP",
  JP: "JPY",
  CH: "CHF",
  CA: "CAD",
  AU: "AUD",
  SE: "SEK",
  NO: "NOK",
  DK: "DKK",
  PL: "PLN",
  CZ: "CZK",
};

export function currencyFor(locale: string): string {
  const region = new Intl.Locale(locale).maximize().region;
  return (region !== undefined && REGION_CURRENCIES[region]) || "EUR";
}

/**
 * The usual first limit: what is not paid yet, over all shops, in one currency without a
 * period. Saving it again replaces that limit instead of adding a second one.
 */
export function withFirstLimit(settings: Settings, amount: Money, newId: string): Settings {
  const same = (limit: Limit) => limit.shopOrigin === null && limit.period === "none" && limit.amount.currency === amount.currency;
  const existing = settings.limits.find(same);
  const limit: Limit = { id: existing?.id ?? newId, amount, shopOrigin: null, period: "none" };
  return { ...settings, limits: existing ? settings.limits.map((each) => (same(each) ? limit : each)) : [...settings.limits, limit] };
}

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * The page opened once, after TradeWatch is installed: what it does, where its data lives, where
 * it may look, a first limit, and a way to see it work (docs/onboarding.md).
 */
export function Welcome(props: WelcomeProps) {
  const id = useId();
  // The sample order comes in the currency chosen for the limit, so the two can be seen together.
  const [currency, setCurrency] = useState(props.currency);
  return (
    <main class="tw tw-welcome">
      <header class="welcome-header">
        <h1>{t("welcome_title")}</h1>
        <p>{t("welcome_intro")}</p>
      </header>
      <section class="panel" aria-labelledby={`${id}-what`}>
        <h2 id={`${id}-what`}>{t("welcome_whatHeading")}</h2>
        <ul class="welcome-steps">
          <li>
            <strong>{t("welcome_captureTitle")}</strong> <span>{t("welcome_captureText")}</span>
          </li>
          <li>
            <strong>{t("welcome_watchTitle")}</strong> <span>{t("welcome_watchText")}</span>
          </li>
          <li>
            <strong>{t("welcome_warnTitle")}</strong> <span>{t("welcome_warnText")}</span>
          </li>
        </ul>
      </section>
      <section class="panel" aria-labelledby={`${id}-data`}>
        <h2 id={`${id}-data`}>{t("welcome_dataHeading")}</h2>
        <p>{t("welcome_dataText")}</p>
        <p>{t("welcome_sitesText")}</p>
      </section>
      <SiteAccessPanel {...props.siteAccess} />
      <FirstLimit currency={currency} onCurrency={setCurrency} onSave={props.onSaveLimit} />
      <TryIt {...props} currency={currency} />
      <p class="muted">{t("welcome_done")}</p>
    </main>
  );
}

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; amount: Money } | { kind: "failed"; message: string };

interface FirstLimitProps {
  currency: string;
  onCurrency: (currency: string) => void;
  onSave: (amount: Money) => Promise<void>;
}

function FirstLimit({ currency, onCurrency, onSave }: FirstLimitProps) {
  const id = useId();
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const focus = useFocusRequest();
  const names = new Intl.DisplayNames(uiLocale(), { type: "currency" });
  const currencies = COMMON_CURRENCIES.includes(currency) ? COMMON_CURRENCIES : [currency, ...COMMON_CURRENCIES];

  const read = (): Money | string => {
    if (amount.trim() === "") return t("welcome_amountMissing");
    const minor = readAmount(amount, currency);
    return minor === null || minor < 0 ? t("welcome_amountInvalid", amountExample(currency)) : { minor, currency };
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (save.kind === "saving") return;
    const money = read();
    if (typeof money === "string") {
      setError(money);
      setSave({ kind: "idle" });
      focus(`${id}-amount`);
      return;
    }
    setError(null);
    setSave({ kind: "saving" });
    onSave(money).then(
      () => setSave({ kind: "saved", amount: money }),
      (cause: unknown) => setSave({ kind: "failed", message: message(cause) }),
    );
  };

  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("welcome_limitHeading")}</h2>
      <p id={`${id}-hint`}>{t("welcome_limitText")}</p>
      <form class="welcome-limit" onSubmit={submit} noValidate>
        <div class="field">
          <label for={`${id}-currency`}>{t("welcome_currency")}</label>
          <select id={`${id}-currency`} value={currency} onChange={(event) => onCurrency(event.currentTarget.value)}>
            {currencies.map((code) => (
              <option key={code} value={code}>
                {`${code} · ${names.of(code) ?? code}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-amount`}>{t("welcome_amount", currency)}</label>
          <input
            id={`${id}-amount`}
            type="text"
            inputmode="decimal"
            autocomplete="off"
            value={amount}
            aria-invalid={error !== null}
            aria-describedby={error !== null ? `${id}-amount-error ${id}-hint` : `${id}-hint`}
            onInput={(event) => setAmount(event.currentTarget.value)}
          />
          {error !== null && (
            <p id={`${id}-amount-error`} class="field-error">
              {error}
            </p>
          )}
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" {...markedOff(save.kind === "saving")}>
            {save.kind === "saving" ? t("welcome_saving") : t("welcome_saveLimit")}
          </button>
        </div>
      </form>
      <p class="save-status" role="status">
        {save.kind === "saved" ? t("welcome_limitSaved", formatMoney(save.amount, uiLocale())) : ""}
      </p>
      {save.kind === "failed" && (
        <p class="save-error" role="alert">
          {t("welcome_limitFailed", save.message)}
        </p>
      )}
      <p class="muted">
        {t("welcome_moreLimits")}{" "}
        <a href="/options.html" target="_blank" rel="noopener">
          {t("welcome_openOptions")}
        </a>
      </p>
    </section>
  );
}

function TryIt({ demoShopUrl, hasSample, currency, onAddSample, onRemoveSample }: WelcomeProps) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState("");
  const [error, setError] = useState<string | null>(null);
  const change = (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    work()
      .then(
        () => setSaid(done),
        (cause: unknown) => setError(t("welcome_sampleFailed", message(cause))),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("welcome_tryHeading")}</h2>
      {demoShopUrl !== null && (
        <p>
          {t("welcome_demoShopText")}{" "}
          <a href={demoShopUrl} target="_blank" rel="noopener noreferrer">
            {t("welcome_demoShopLink")}
          </a>
        </p>
      )}
      <p>{t("welcome_sampleText")}</p>
      {hasSample !== null && (
        <div class="form-actions">
          {/* One button that changes its words, so the keyboard focus stays on it; marked off while busy. */}
          <button
            type="button"
            class={hasSample ? "button" : "button button-primary"}
            {...markedOff(busy, () =>
              hasSample
                ? change(onRemoveSample, t("welcome_sampleRemoved"))
                : change(() => onAddSample(currency), t("welcome_sampleAdded")),
            )}
          >
            {hasSample ? t("welcome_removeSample") : t("welcome_addSample")}
          </button>
        </div>
      )}
      <p class="save-status" role="status">
        {said}
      </p>
      {error !== null && (
        <p class="save-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
