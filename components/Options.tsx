import type { ComponentChildren } from "preact";
import { COMMON_CURRENCIES } from "./currencies";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { AdapterId } from "../lib/capture/adapters/types";
import { describeLimit, hostOf } from "../lib/domain/limits";
import { isCurrencyCode } from "../lib/domain/money";
import type { LedgerShop } from "../lib/domain/views";
import { PERSONAL_FIELDS } from "../lib/domain/types";
import {
  LIMIT_PERIODS,
  SETTINGS_VERSION,
  type Limit,
  type LimitPeriod,
  type NotificationSettings,
  type Settings,
} from "../lib/settings/schema";
import {
  DeliveryProfileForm,
  EMPTY_PROFILE,
  profileDraft,
  profileFieldId,
  readProfile,
  type ProfileDraft,
  type ProfileErrors,
} from "./DeliveryProfileForm";
import type { MessageKey } from "../lib/i18n/catalog";
import { t } from "../lib/i18n/t";
import { uiLanguage } from "../lib/i18n/ui-language";
import { AdapterSwitches } from "./AdapterSwitches";
import { amountExample, amountText, readAmount } from "./amount-text";
import { periodLabel } from "./labels";
import { readWaitLimit, waitDaysId, waitLimitDraft, WaitLimitForm, type WaitLimitDraft } from "./WaitLimitForm";
import "./styles.css";
import { useFocusRequest } from "./use-focus-request";
import { markedOff } from "./ui/marked-off";

export interface OptionsProps {
  settings: Settings;
  /** The shops in the ledger, for limits on one shop and automatic cancellation. */
  shops: LedgerShop[];
  onSave: (settings: Settings) => Promise<void>;
  /** More panels below the form (the backup panel). */
  children?: ComponentChildren;
}

/** Every other ISO 4217 code the browser knows: an order, and so a limit, can be in any of them. */
const OTHER_CURRENCIES = Intl.supportedValuesOf("currency").filter((code) => !COMMON_CURRENCIES.includes(code));
const ALL_CURRENCIES = [...COMMON_CURRENCIES, ...OTHER_CURRENCIES];

interface Row {
  /** Stable identity for keys and element ids while rows are added and removed. */
  key: number;
  /** The limit's stored id, kept across edits. */
  id: string;
  currency: string;
  amount: string;
  /** "" for all shops. */
  shopOrigin: string;
  period: LimitPeriod;
}

interface RowErrors {
  currency?: string;
  amount?: string;
  period?: string;
}

type Field = keyof RowErrors;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; text: string } | { kind: "failed"; message: string };

const NOTIFICATION_LABELS: Record<keyof NotificationSettings, { label: MessageKey; hint: MessageKey }> = {
  warnings: { label: "settings_notify_warnings", hint: "settings_notify_warningsHint" },
  deliveries: { label: "settings_notify_deliveries", hint: "settings_notify_deliveriesHint" },
  payments: { label: "settings_notify_payments", hint: "settings_notify_paymentsHint" },
  commands: { label: "settings_notify_commands", hint: "settings_notify_commandsHint" },
};

function parseAmount(row: Row): { minor: number } | { error: string } {
  if (row.amount.trim() === "") return { error: t("settings_enterAmount") };
  const minor = readAmount(row.amount, row.currency);
  if (minor === null) return { error: t("settings_plainNumber", amountExample(row.currency)) };
  if (minor < 0) return { error: t("settings_negative") };
  return { minor };
}

const scopeKey = (row: Pick<Row, "currency" | "shopOrigin" | "period">) =>
  `${row.currency} ${row.shopOrigin} ${row.period}`;

/** Checks every row; the limits come back only when all of them are valid. */
function validate(rows: Row[]): { limits: Limit[] } | { errors: Map<number, RowErrors> } {
  const errors = new Map<number, RowErrors>();
  const limits: Limit[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const known = isCurrencyCode(row.currency);
    const currency = known ? undefined : t("settings_chooseCurrency");
    // Two limits on the same currency, shop and period would contradict each other.
    const period = known && seen.has(scopeKey(row)) ? t("settings_duplicateLimit", row.currency) : undefined;
    seen.add(scopeKey(row));
    // The decimals an amount may have depend on its currency, so it is read only for a known one.
    const parsed = known ? parseAmount(row) : null;
    const amount = parsed !== null && "error" in parsed ? parsed.error : undefined;
    if (currency !== undefined || amount !== undefined || period !== undefined) {
      errors.set(row.key, { currency, amount, period });
    } else if (parsed !== null && "minor" in parsed) {
      limits.push({
        id: row.id,
        amount: { currency: row.currency, minor: parsed.minor },
        shopOrigin: row.shopOrigin === "" ? null : row.shopOrigin,
        period: row.period,
      });
    }
  }
  return errors.size > 0 ? { errors } : { limits };
}

function rowOf(limit: Limit, key: number): Row {
  const { currency, minor } = limit.amount;
  return {
    key,
    id: limit.id,
    currency,
    amount: amountText(minor, currency),
    shopOrigin: limit.shopOrigin ?? "",
    period: limit.period,
  };
}

/**
 * The options page: spending limits (claim 8, per shop and period), the delivery profile, how
 * long an order may stay open, which shop pages to read, and which notifications to show. One
 * Save for all of it.
 */
export function Options({ settings, shops, onSave, children }: OptionsProps) {
  const baseId = useId();
  const nextKey = useRef(settings.limits.length);
  const [rows, setRows] = useState<Row[]>(() => settings.limits.map(rowOf));
  const [notifications, setNotifications] = useState<NotificationSettings>(settings.notifications);
  const [profile, setProfile] = useState<ProfileDraft>(() => profileDraft(settings.deliveryProfile));
  const [waitLimit, setWaitLimit] = useState<WaitLimitDraft>(() => waitLimitDraft(settings.waitLimit));
  const [disabledAdapters, setDisabledAdapters] = useState<AdapterId[]>(settings.disabledAdapters);
  const [errors, setErrors] = useState<Map<number, RowErrors>>(new Map());
  const [profileErrors, setProfileErrors] = useState<ProfileErrors>({});
  const [waitError, setWaitError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const setFocusId = useFocusRequest();
  const saveStatusId = `${baseId}-save-status`;

  // New settings from outside (a backup imported on this page) replace what the form shows.
  const shown = useRef(settings);
  useEffect(() => {
    if (shown.current === settings) return;
    shown.current = settings;
    nextKey.current = settings.limits.length;
    setRows(settings.limits.map(rowOf));
    setNotifications(settings.notifications);
    setProfile(profileDraft(settings.deliveryProfile));
    setWaitLimit(waitLimitDraft(settings.waitLimit));
    setDisabledAdapters(settings.disabledAdapters);
    setErrors(new Map());
    setProfileErrors({});
    setWaitError(null);
  }, [settings]);

  const fieldId = (key: number, field: Field | "shop") => `${baseId}-${key}-${field}`;
  // A setting on a shop no longer in the ledger keeps its choice, named by its host.
  const shopChoices: LedgerShop[] = [
    ...shops,
    ...[...new Set([...settings.limits.map((limit) => limit.shopOrigin), ...settings.waitLimit.autoCancelOrigins])]
      .filter((origin): origin is string => origin !== null && !shops.some((shop) => shop.origin === origin))
      .map((origin) => ({ origin, name: hostOf(origin) })),
  ];
  const shopName = (origin: string) => shopChoices.find((shop) => shop.origin === origin)?.name;

  function edited() {
    setSave({ kind: "idle" });
  }

  function edit(key: number, change: Partial<Row>) {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
    edited();
  }

  function add() {
    // The usual first limit: what is not settled yet, over all shops, in a currency without one.
    const taken = new Set(rows.map(scopeKey));
    const currency =
      ALL_CURRENCIES.find((code) => !taken.has(scopeKey({ currency: code, shopOrigin: "", period: "none" }))) ?? "EUR";
    const key = nextKey.current++;
    setRows([...rows, { key, id: crypto.randomUUID(), currency, amount: "", shopOrigin: "", period: "none" }]);
    edited();
    setFocusId(fieldId(key, "amount"));
  }

  function remove(key: number) {
    setRows(rows.filter((row) => row.key !== key));
    setErrors((current) => new Map([...current].filter(([errorKey]) => errorKey !== key)));
    edited();
    // The button that had the focus is gone: the focus goes on to where another limit is added.
    setFocusId(`${baseId}-add-limit`);
  }

  /** Stores `next`, saying so in the status line, or why not in an alert; true once stored. */
  async function store(next: Settings, savedText: string): Promise<boolean> {
    setSave({ kind: "saving" });
    try {
      await onSave(next);
      setSave({ kind: "saved", text: savedText });
      return true;
    } catch (error) {
      setSave({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** Checks every part of the form and saves it all, or shows what to fix and focuses the first of it. */
  async function saveForm() {
    if (save.kind === "saving") return;
    const result = validate(rows);
    const profileRead = readProfile(profile);
    const waitRead = readWaitLimit(waitLimit);
    setErrors("errors" in result ? result.errors : new Map());
    setProfileErrors("errors" in profileRead ? profileRead.errors : {});
    setWaitError("error" in waitRead ? waitRead.error : null);
    if ("errors" in result) {
      setSave({ kind: "idle" });
      const [firstKey, first] = [...result.errors][0] ?? [];
      const field: Field = first?.currency ? "currency" : first?.amount ? "amount" : "period";
      if (firstKey !== undefined) setFocusId(fieldId(firstKey, field));
      return;
    }
    if ("errors" in profileRead) {
      setSave({ kind: "idle" });
      const field = PERSONAL_FIELDS.find((key) => profileRead.errors[key] !== undefined) ?? "name";
      setFocusId(profileFieldId(baseId, field));
      return;
    }
    if ("error" in waitRead) {
      setSave({ kind: "idle" });
      setFocusId(waitDaysId(baseId));
      return;
    }
    await store(
      {
        version: SETTINGS_VERSION,
        limits: result.limits,
        notifications,
        deliveryProfile: profileRead.profile,
        waitLimit: waitRead.waitLimit,
        disabledAdapters,
      },
      t("settings_saved"),
    );
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    void saveForm();
  }

  /**
   * Removes the stored details at once, whatever else on the page is unfinished or invalid: the
   * user asked for them to be gone. The other changes stay on the page, unsaved.
   */
  async function removeProfile() {
    if (save.kind === "saving") return;
    const next = { ...settings, deliveryProfile: null };
    // Not settings from outside: the page keeps what the user has not saved yet.
    shown.current = next;
    if (!(await store(next, t("settings_profileRemoved")))) return;
    setProfile(EMPTY_PROFILE);
    setProfileErrors({});
    // The Remove button goes with the stored details: the focus goes to what says they are gone.
    setFocusId(saveStatusId);
  }

  /** aria-invalid and aria-describedby for a field, pointing at its error when it has one. */
  const invalidProps = (key: number, field: Field, message: string | undefined) => ({
    "aria-invalid": message !== undefined,
    "aria-describedby": message ? `${fieldId(key, field)}-error` : undefined,
  });

  const fieldError = (key: number, field: Field, message: string | undefined) =>
    message && (
      <p id={`${fieldId(key, field)}-error`} class="field-error">
        {message}
      </p>
    );

  return (
    <main class="tw tw-options">
      <h1>{t("settings_pageTitle")}</h1>
      <form class="options-form" onSubmit={submit} noValidate>
        <section class="panel" aria-labelledby={`${baseId}-limits`}>
          <h2 id={`${baseId}-limits`}>{t("settings_limitsHeading")}</h2>
          <p>{t("settings_limitsIntro")}</p>
          {rows.length === 0 ? (
            <p class="muted">{t("settings_noLimits")}</p>
          ) : (
            <ul class="limit-rows">
              {rows.map((row) => {
                const rowErrors = errors.get(row.key) ?? {};
                return (
                  <li key={row.key} class="limit-row">
                    <div class="field">
                      <label for={fieldId(row.key, "currency")}>{t("settings_currency")}</label>
                      <select
                        id={fieldId(row.key, "currency")}
                        value={row.currency}
                        onChange={(event) => edit(row.key, { currency: event.currentTarget.value })}
                        {...invalidProps(row.key, "currency", rowErrors.currency)}
                      >
                        {COMMON_CURRENCIES.map((code) => (
                          <option key={code} value={code}>
                            {code}
                          </option>
                        ))}
                        <optgroup label={t("settings_allCurrencies")}>
                          {OTHER_CURRENCIES.map((code) => (
                            <option key={code} value={code}>
                              {code}
                            </option>
                          ))}
                        </optgroup>
                      </select>
                      {fieldError(row.key, "currency", rowErrors.currency)}
                    </div>
                    <div class="field">
                      <label for={fieldId(row.key, "amount")}>{t("settings_limitIn", row.currency)}</label>
                      <input
                        id={fieldId(row.key, "amount")}
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        value={row.amount}
                        onInput={(event) => edit(row.key, { amount: event.currentTarget.value })}
                        {...invalidProps(row.key, "amount", rowErrors.amount)}
                      />
                      {fieldError(row.key, "amount", rowErrors.amount)}
                    </div>
                    <div class="field">
                      <label for={fieldId(row.key, "shop")}>{t("settings_shop")}</label>
                      <select
                        id={fieldId(row.key, "shop")}
                        value={row.shopOrigin}
                        onChange={(event) => edit(row.key, { shopOrigin: event.currentTarget.value })}
                      >
                        <option value="">{t("limit_allShops")}</option>
                        {shopChoices.map((shop) => (
                          <option key={shop.origin} value={shop.origin}>
                            {t("settings_shopChoice", shop.name, hostOf(shop.origin))}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div class="field">
                      <label for={fieldId(row.key, "period")}>{t("settings_period")}</label>
                      <select
                        id={fieldId(row.key, "period")}
                        value={row.period}
                        onChange={(event) => edit(row.key, { period: event.currentTarget.value as LimitPeriod })}
                        {...invalidProps(row.key, "period", rowErrors.period)}
                      >
                        {LIMIT_PERIODS.map((period) => (
                          <option key={period} value={period}>
                            {periodLabel(period)}
                          </option>
                        ))}
                      </select>
                      {fieldError(row.key, "period", rowErrors.period)}
                    </div>
                    <button
                      type="button"
                      class="button limit-remove"
                      onClick={() => remove(row.key)}
                      aria-label={t(
                        "settings_removeLimit",
                        row.currency,
                        describeLimit({ shopOrigin: row.shopOrigin || null, period: row.period }, shopName(row.shopOrigin), uiLanguage()),
                      )}
                    >
                      {t("settings_remove")}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <div class="form-actions">
            <button id={`${baseId}-add-limit`} type="button" class="button" onClick={add}>
              {t("settings_addLimit")}
            </button>
          </div>
        </section>
        <DeliveryProfileForm
          idPrefix={baseId}
          draft={profile}
          errors={profileErrors}
          stored={settings.deliveryProfile !== null}
          onChange={(draft) => {
            setProfile(draft);
            edited();
          }}
          onRemove={() => void removeProfile()}
        />
        <WaitLimitForm
          idPrefix={baseId}
          draft={waitLimit}
          error={waitError}
          shops={shopChoices}
          onChange={(draft) => {
            setWaitLimit(draft);
            edited();
          }}
        />
        <AdapterSwitches
          idPrefix={baseId}
          disabled={disabledAdapters}
          onChange={(disabled) => {
            setDisabledAdapters(disabled);
            edited();
          }}
        />
        <section class="panel" aria-labelledby={`${baseId}-notifications`}>
          <h2 id={`${baseId}-notifications`}>{t("settings_notificationsHeading")}</h2>
          <fieldset class="checkboxes">
            <legend>{t("settings_notifyLegend")}</legend>
            {(Object.keys(NOTIFICATION_LABELS) as (keyof NotificationSettings)[]).map((kind) => (
              <div key={kind} class="checkbox">
                <input
                  id={`${baseId}-notify-${kind}`}
                  type="checkbox"
                  checked={notifications[kind]}
                  aria-describedby={`${baseId}-notify-${kind}-hint`}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    setNotifications((current) => ({ ...current, [kind]: checked }));
                    edited();
                  }}
                />
                <label for={`${baseId}-notify-${kind}`}>{t(NOTIFICATION_LABELS[kind].label)}</label>
                <span id={`${baseId}-notify-${kind}-hint`} class="muted checkbox-hint">
                  {t(NOTIFICATION_LABELS[kind].hint)}
                </span>
              </div>
            ))}
          </fieldset>
        </section>
        <div class="form-actions">
          <button type="submit" class="button button-primary" {...markedOff(save.kind === "saving")}>
            {t(save.kind === "saving" ? "settings_saving" : "settings_save")}
          </button>
          <p id={saveStatusId} class="save-status" role="status" tabIndex={-1}>
            {save.kind === "saved" ? save.text : ""}
          </p>
        </div>
        {save.kind === "failed" && (
          <p class="save-error" role="alert">
            {t("settings_couldNotSave", save.message)}
          </p>
        )}
      </form>
      {children}
    </main>
  );
}
