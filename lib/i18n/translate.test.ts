import { describe, expect, it } from "vitest";
import { updateWarnings } from "../domain/checks";
import { describeLimit, exceededMessage } from "../domain/limits";
import { notificationsFor } from "../domain/notify";
import { aTrade, NOW } from "../domain/test-trades";
import { catalogFor, type MessageKey } from "./catalog";
import { catalogLanguage } from "./catalog-language";
import { countedKey } from "./counted-key";
import { ENGLISH, languageOf, substitute, translateFrom } from "./translate";

const GERMAN = catalogLanguage("de");
const JAPANESE = catalogLanguage("ja");

describe("substitute", () => {
  it("replaces $1…$9 in one pass, a missing substitution by nothing", () => {
    expect(substitute("$2 of $1 ($3)", ["one", 2])).toBe("2 of one ()");
    expect(substitute("$1", ["$2", "never"])).toBe("$2");
  });
});

describe("translateFrom", () => {
  it("reads a locale's messages, a missing key as itself", () => {
    const t = translateFrom(catalogFor("de"));
    expect(t("limit_allShops")).toBe("Alle Shops");
    expect(translateFrom({})("limit_allShops")).toBe("limit_allShops");
  });
});

describe("ENGLISH", () => {
  it("is the catalog's English for every key pure code writes from", () => {
    const english = catalogFor("en");
    for (const key of Object.keys(english).filter((key) => /^(warn|event|notify|limit)_/.test(key))) {
      const placeholders = ["$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9"];
      expect(ENGLISH.t(key as MessageKey, ...placeholders), key).toBe(english[key]);
    }
  });
});

describe("a language", () => {
  it("writes days in the locale's format, ENGLISH in UTC", () => {
    expect(ENGLISH.day("2026-11-23T23:30:00-02:00")).toBe("Nov 24, 2026");
    expect(GERMAN.day("2026-11-23T10:00:00Z")).toBe("23.11.2026");
    expect(JAPANESE.day("2026-11-23T10:00:00Z")).toBe("2026/11/23");
    expect(GERMAN.day("not a date")).toBe("not a date");
  });

  it("writes days in its time zone, by default the one it runs in (the user's, as the trade cards)", () => {
    const english = translateFrom(catalogFor("en"));
    // 18 November, 01:00 in Auckland.
    const due = "2026-11-17T12:00:00Z";
    expect(languageOf(english, "en", "Pacific/Auckland").day(due)).toBe("Nov 18, 2026");
    expect(languageOf(english, "en", "America/New_York").day(due)).toBe("Nov 17, 2026");
    const zone = process.env.TZ;
    process.env.TZ = "Pacific/Auckland";
    try {
      expect(languageOf(english, "en").day(due)).toBe("Nov 18, 2026");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("writes money, counts and lists the locale's way", () => {
    expect(GERMAN.money({ minor: 123456, currency: "EUR" })).toBe("1.234,56\u00a0€");
    expect(JAPANESE.money({ minor: 1235, currency: "JPY" })).toBe("￥1,235");
    expect(ENGLISH.tn("event_overWaitLimit", 1)).toBe("Open for more than 1 day, your wait limit");
    expect(GERMAN.tn("event_overWaitLimit", 1234)).toBe("Länger als 1.234 Tage offen, Ihre Wartezeit");
    expect(countedKey("event_overWaitLimit", 1, "ja")).toBe("event_overWaitLimit_other");
    expect(GERMAN.list(["a", "b", "c"])).toBe("a, b und c");
    expect(JAPANESE.list(["a", "b", "c"])).toBe("a、b、c");
  });
});

describe("pure code in another language", () => {
  const overcharged = aTrade({ payment: { amountCharged: { minor: 650000, currency: "EUR" }, scheduledAt: "2026-11-19T10:00:00Z" } });

  it("raises warnings in the language it is given, with that language's money and dates", () => {
    expect(updateWarnings(overcharged, NOW, GERMAN).warnings.map((warning) => warning.message)).toEqual([
      "6.500,00\u00a0€ abgebucht, aber die Bestellsumme beträgt 59,97\u00a0€",
      "Die Zahlung war am 19.11.2026 fällig und wurde noch nicht gemeldet",
    ]);
    expect(updateWarnings(overcharged, NOW, JAPANESE).warnings.map((warning) => warning.message)).toEqual([
      "€6,500.00が請求されましたが、注文合計は€59.97です",
      "支払期日は2026/11/19でしたが、まだ報告がありません",
    ]);
  });

  it("writes a warning's day in the time zone of its language", () => {
    const dueInAuckland = aTrade({ payment: { scheduledAt: "2026-11-17T12:00:00Z" } });
    const auckland = languageOf(translateFrom(catalogFor("en")), "en", "Pacific/Auckland");
    expect(updateWarnings(dueInAuckland, NOW, auckland).warnings.map((warning) => warning.message)).toEqual([
      "Payment was due on Nov 18, 2026 and has not been reported yet",
    ]);
  });

  it("keeps a warning's history line in the language it was raised in", () => {
    const raised = updateWarnings(overcharged, NOW, GERMAN);
    expect(raised.history.at(-1)?.text).toBe("Die Zahlung war am 19.11.2026 fällig und wurde noch nicht gemeldet");
  });

  it("writes notifications and limits in the language it is given", () => {
    const paid = aTrade({ payment: { status: "settled", amountCharged: { minor: 5997, currency: "EUR" } } });
    const [notification] = notificationsFor(aTrade(), paid, { warnings: false, deliveries: false, payments: true, commands: false }, JAPANESE);
    expect(notification).toMatchObject({
      title: "支払い済み：Green Leaf Teaの注文GL-1001",
      message: "Green Leaf Teaの注文GL-1001について€59.97の支払いが完了しました。",
    });
    expect(describeLimit({ shopOrigin: null, period: "calendar-month" }, undefined, GERMAN)).toBe("Alle Shops · dieser Monat");
    const status = { limit: { id: "l", amount: { minor: 5000, currency: "EUR" }, shopOrigin: null, period: "none" as const }, used: { minor: 9300, currency: "EUR" }, share: 1.86, over: true };
    expect(exceededMessage(status, { minor: 9300, currency: "EUR" }, undefined, GERMAN)).toBe(
      "Diese Bestellung über 93,00\u00a0€ würde Ihr Limit von 50,00\u00a0€ überschreiten (Alle Shops · ohne Zeitraum): 0,00\u00a0€ sind bereits verbraucht.",
    );
  });
});
