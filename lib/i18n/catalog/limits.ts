import { defineMessages } from "../define";

/** English, without the other languages: also what pure code writes by default (lib/i18n/translate.ts ENGLISH). */
export const limitsEnglish = {
  limit_period_none: "no period",
  limit_period_calendarMonth: "this month",
  limit_period_rolling30Days: "last 30 days",
  limit_period_calendarWeek: "this week",
  limit_allShops: "All shops",
  limit_scope: "$1 · $2",
  limit_exceeded: "This order of $1 would take you over your $2 limit ($3): $4 already used.",
} as const;

/**
 * Spending limits in words (lib/domain/limits.ts): what a limit covers, and an order that would
 * exceed one. Marked pure: a bundle that needs only the English above leaves the other languages out.
 */
export const limits = /* @__PURE__ */ defineMessages({
  en: limitsEnglish,
  de: {
    limit_period_none: "ohne Zeitraum",
    limit_period_calendarMonth: "dieser Monat",
    limit_period_rolling30Days: "letzte 30 Tage",
    limit_period_calendarWeek: "diese Woche",
    limit_allShops: "Alle Shops",
    limit_scope: "$1 · $2",
    limit_exceeded: "Diese Bestellung über $1 würde Ihr Limit von $2 überschreiten ($3): $4 sind bereits verbraucht.",
  },
  ja: {
    limit_period_none: "期間なし",
    limit_period_calendarMonth: "今月",
    limit_period_rolling30Days: "過去30日間",
    limit_period_calendarWeek: "今週",
    limit_allShops: "すべてのショップ",
    limit_scope: "$1・$2",
    limit_exceeded: "この$1の注文で、$2の上限（$3）を超えます：すでに$4を使っています。",
  },
});
