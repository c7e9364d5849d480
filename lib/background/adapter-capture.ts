import { browser } from "wxt/browser";
import { INTERPRETERS } from "../capture/adapters/interpreters";
import { ADAPTER_NAMES, type AdapterId, type Diagnostic, type PageReading } from "../capture/adapters/types";
import { vendureCapturedOrder, vendureReports } from "../capture/adapters/vendure";
import { saveCaptured, updateTrade } from "../db/trades";
import { applyReport } from "../domain/reconcile";
import type { MessageKey } from "../i18n/catalog";
import { uiLanguage } from "../i18n/ui-language";
import { tradeKey } from "../domain/trade-key";
import type { CapturedOrder, Trade } from "../domain/types";
import type { StatusReport } from "../protocol/status-report";
import { sitePattern } from "../site-access";
import { recordPageProblem } from "./page-problems";
import { fetchVendureOrder } from "./vendure-api";

export interface ReadingsOutcome {
  /** The trades the readings' orders were saved as (new or already tracked), by id: two adapters may read one order. */
  tracked: Map<string, Trade>;
  created: boolean;
  /** Tracked trades whose statuses the page updated, by id. */
  updated: Map<string, Trade>;
  /** The first page an adapter recognised but could not read, said to the user. */
  broken: { message: string; diagnostic: Diagnostic } | null;
  /** Why readings were refused. */
  reasons: string[];
}

/**
 * Stores what the adapters read on one page (`page` is the sender's URL, never page data): orders
 * become trades, statuses are merged into the trades they name like a poll result (no request),
 * a Vendure order is fetched once from its shop's API, and a page an adapter could not read is
 * recorded for the popup. Nothing partial is stored. `timeZone` is the user's (AdapterInterpreter).
 */
export async function captureReadings(readings: PageReading[], page: URL, now: string, timeZone: string): Promise<ReadingsOutcome> {
  const outcome: ReadingsOutcome = { tracked: new Map(), created: false, updated: new Map(), broken: null, reasons: [] };
  const track = async (order: CapturedOrder, reports: StatusReport[] = []) => {
    if (order.info.shop.origin !== page.origin) return void outcome.reasons.push("an order of another shop than the page's");
    const saved = await saveCaptured(order, now);
    const trade = reports.length === 0 ? saved.trade : await updateTrade(saved.trade.id, (stored) => applyReports(stored, reports, now));
    outcome.created ||= saved.created;
    outcome.tracked.set(saved.trade.id, trade ?? saved.trade);
  };
  for (const reading of readings) {
    if (reading.kind === "broken") {
      const problem = brokenPage(reading.adapter, reading.diagnostic, page);
      await recordPageProblem({ at: now, ...problem });
      outcome.broken ??= problem;
      continue;
    }
    const interpreted = INTERPRETERS[reading.adapter].interpret(reading, page, now, timeZone);
    switch (interpreted.kind) {
      case "order":
        await track(interpreted.order);
        break;
      case "status": {
        // A status of an order TradeWatch does not track is none of its business.
        const trade = await updateTrade(tradeKey(page.origin, interpreted.tradingId), (stored) => applyReports(stored, interpreted.reports, now));
        if (trade !== null) outcome.updated.set(trade.id, trade);
        break;
      }
      case "fetch-order": {
        // The page names the API: only the shop's own site, or one the user let TradeWatch read, is asked.
        if (!(await mayAsk(interpreted.shopApi, page))) {
          outcome.reasons.push(`${ADAPTER_NAMES.vendure} order ${interpreted.code}: the page names a Shop API on another site (${new URL(interpreted.shopApi).origin}) that you have not allowed`);
          break;
        }
        const answer = await fetchVendureOrder(interpreted.shopApi, interpreted.code);
        if (!answer.ok) {
          outcome.reasons.push(`${ADAPTER_NAMES.vendure} order ${interpreted.code}: the shop ${answer.message}`);
          break;
        }
        if (answer.order.code !== interpreted.code) {
          // Claim 1: an answer about another order is never taken for this one.
          outcome.reasons.push(`${ADAPTER_NAMES.vendure} order ${interpreted.code}: the Shop API answered about order ${answer.order.code}`);
          break;
        }
        const captured = vendureCapturedOrder(answer.order, page, interpreted.shopApi, now);
        if ("error" in captured) outcome.reasons.push(captured.error);
        else await track(captured, vendureReports(answer.order, now));
        break;
      }
      case "invalid":
        outcome.reasons.push(interpreted.reason);
        break;
    }
  }
  return outcome;
}

/** The page's own origin, or a site the user granted (the API of a storefront on another host). */
async function mayAsk(address: string, page: URL): Promise<boolean> {
  const origin = new URL(address).origin;
  return origin === page.origin || browser.permissions.contains({ origins: [sitePattern(origin)] });
}

/** Merges a source's reports into the trade, as one answer each (passive capture and Vendure's one answer for all three). */
export function applyReports(trade: Trade, reports: StatusReport[], now: string): Trade {
  return reports.reduce((merged, report) => applyReport(merged, report, now, undefined, uiLanguage()), trade);
}

/**
 * "TradeWatch recognised a Shopify order page but could not read the total". The diagnostic
 * names the page by the sender's origin: a path the page's script wrote for another origin, or
 * with a query string or fragment (order keys, e-mail addresses), is cut to the origin.
 */
function brokenPage(adapter: AdapterId, diagnostic: Diagnostic, page: URL): { message: string; diagnostic: Diagnostic } {
  const lang = uiLanguage();
  const missing = diagnostic.missing.map((field) => {
    const key = FIELD_WORDS[words(field)];
    return key === undefined ? words(field) : lang.t(key);
  });
  const named = URL.parse(diagnostic.page);
  const plain = named !== null && named.origin === page.origin && !/[?#]/.test(diagnostic.page);
  return {
    message:
      missing.length === 0
        ? lang.t("problem_unreadable", ADAPTER_NAMES[adapter])
        : lang.t("problem_unreadableFields", ADAPTER_NAMES[adapter], lang.list(missing)),
    diagnostic: { ...diagnostic, adapter, page: plain ? `${named.origin}${named.pathname}` : page.origin },
  };
}

/** The fields the adapters name as missing, in the user's words; another field is shown as its name. */
const FIELD_WORDS: Readonly<Record<string, MessageKey>> = {
  "order number": "problem_field_orderNumber",
  "order date": "problem_field_orderDate",
  total: "problem_field_total",
  items: "problem_field_items",
  status: "problem_field_status",
  code: "problem_field_code",
  "shop api": "problem_field_shopApi",
  page: "problem_field_page",
};

/** A field's name as words: "orderNumber" and "order-number" are "order number". */
function words(field: string): string {
  return field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .toLowerCase();
}
