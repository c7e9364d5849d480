import { formatMoney } from "../domain/money";
import type { Money } from "../domain/types";
import { t, uiLocale } from "../i18n/t";
import type { CaptureReply, TradeBrief } from "../messages/schema";
import type { Diagnostic } from "./adapters/types";

/**
 * What the in-page badge says (lib/capture/page-badge.ts shows it). The background composes it
 * with its answer to a capture (lib/background/messages.ts): the worker has TradeWatch's texts
 * at hand, whereas a page's first text makes the browser load them for that page, holding up
 * its thread meanwhile (issue 7).
 */
export interface BadgeContent {
  title: string;
  lines: string[];
  warnings: string[];
  /** A page TradeWatch could not read: the diagnostic's JSON, offered with a "Copy diagnostic" button. */
  diagnostic?: string;
  /** The orders (trading identifiers) the badge is about: dismissing it is remembered for them on this page. */
  orders?: string[];
  /** The badge's own words: its name and its controls'. */
  texts: BadgeTexts;
}

export interface BadgeTexts {
  name: string;
  move: string;
  dismiss: string;
  copyDiagnostic: string;
  diagnosticCopied: string;
  copyByHand: string;
  diagnostic: string;
}

export function badgeTexts(): BadgeTexts {
  return {
    name: t("extName"),
    move: t("badge_move"),
    dismiss: t("badge_dismiss"),
    copyDiagnostic: t("badge_copyDiagnostic"),
    diagnosticCopied: t("badge_diagnosticCopied"),
    copyByHand: t("badge_copyByHand"),
    diagnostic: t("badge_diagnostic"),
  };
}

/**
 * On an order confirmation, that the order is tracked; on an order status page, that the order
 * was updated from it; on a page an adapter recognised but could not read, that it could not,
 * with a diagnostic to copy; on a checkout page, that its total would push a spending limit over
 * (nothing when none). Null where the page is not about an order or its Order is broken (the
 * background logs that; the page shows nothing).
 */
export function captureBadge(reply: CaptureReply): BadgeContent | null {
  switch (reply.kind) {
    case "tracked":
      return trackedBadge(reply.created, reply.trades);
    case "statuses":
      return statusesBadge(reply.trades);
    case "broken":
      return brokenBadge(reply.message, reply.diagnostic);
    case "checkout":
      return checkoutBadge(reply.total, reply.overLimits);
    case "not-an-order":
    case "invalid":
      return null;
  }
}

/** A capture the background refused or could not store: composed on the page itself, the only badge that is. */
export function couldNotSaveBadge(error: string): BadgeContent {
  return { title: t("badge_couldNotSave"), lines: [], warnings: [error], texts: badgeTexts() };
}

const warningLines = (trades: TradeBrief[]) =>
  trades.flatMap((trade) => trade.warnings.map((warning) => t("badge_orderWarning", trade.tradingId, warning)));
const tradingIds = (trades: TradeBrief[]) => trades.map((trade) => trade.tradingId);

function trackedBadge(created: boolean, trades: TradeBrief[]): BadgeContent {
  const ids = tradingIds(trades);
  return {
    title: t(created ? "badge_nowTracking" : "badge_alreadyTracking", ids.join(", ")),
    lines: [t("badge_followInToolbar")],
    warnings: warningLines(trades),
    orders: ids,
    texts: badgeTexts(),
  };
}

function statusesBadge(trades: TradeBrief[]): BadgeContent {
  const ids = tradingIds(trades);
  return {
    title: t("badge_updated", ids.join(", ")),
    lines: [t("badge_readHere")],
    warnings: warningLines(trades),
    orders: ids,
    texts: badgeTexts(),
  };
}

function brokenBadge(message: string, diagnostic: Diagnostic): BadgeContent {
  return {
    title: message,
    lines: [t("badge_nothingSaved")],
    warnings: [],
    diagnostic: JSON.stringify(diagnostic, null, 2),
    texts: badgeTexts(),
  };
}

/** The order's total is the shop's own; the limits' figures are the user's, kept from the page (CaptureReply). */
function checkoutBadge(total: Money, overLimits: number): BadgeContent | null {
  if (overLimits === 0) return null;
  return { title: t("badge_overLimit"), lines: [], warnings: [t("badge_limitKeptPrivate", formatMoney(total, uiLocale()))], texts: badgeTexts() };
}
