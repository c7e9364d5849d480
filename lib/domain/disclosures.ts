import { ENGLISH, type Language } from "../i18n/translate";
import type { PersonalInfo } from "../protocol/commands";
import { appendHistory } from "./history";
import { PERSONAL_FIELDS, type Disclosure, type PersonalField, type Trade } from "./types";

/** The fields of a delivery profile that have a value (all of them, as the settings schema requires them). */
export function disclosedFields(profile: PersonalInfo): PersonalField[] {
  return PERSONAL_FIELDS.filter((field) => profile[field].trim() !== "");
}

/**
 * Records on the trade that personal information goes to its shop (seed 000 claim 4), before
 * it is sent: if the worker dies after sending, the record is already there. A collective's
 * commit, prepared again after a restart, is recorded once.
 */
export function recordDisclosure(trade: Trade, disclosure: Omit<Disclosure, "at">, now: string, lang: Language = ENGLISH): Trade {
  const already =
    disclosure.collectiveId !== null && trade.disclosures.some((d) => d.to === disclosure.to && d.collectiveId === disclosure.collectiveId);
  if (already || disclosure.fields.length === 0) return trade;
  const fields = lang.list(disclosure.fields.map((field: PersonalField) => lang.t(`event_field_${field}`)));
  const key = disclosure.command === "confirm" ? "event_disclosedConfirm" : "event_disclosedCommit";
  const withDisclosure = { ...trade, disclosures: [...trade.disclosures, { ...disclosure, at: now }] };
  return appendHistory(withDisclosure, [
    { at: now, kind: "disclosure", source: "shop", code: null, text: lang.t(key, fields, trade.info.shop.name) },
  ]);
}
