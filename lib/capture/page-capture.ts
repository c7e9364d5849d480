import { t } from "../i18n/t";
import type { CaptureReply, TradeBrief } from "../messages/schema";
import { UNKNOWN_VERSION } from "./adapters/reading";
import { readPage } from "./adapters/registry";
import type { AdapterId, Diagnostic, PageData } from "./adapters/types";
import { collectJsonLdBlocks } from "./json-ld-blocks";
import type { BadgeContent } from "./page-badge";

/** How the content script talks to the background (injected so it can be tested without a browser). */
export type SendMessage = (message: unknown) => Promise<unknown>;

/**
 * What the background hands to the capture script (stage two) before injecting it, in the
 * script's isolated world under this key: which adapters' signs the detector saw, which the
 * user switched off, what only the page's own world could read, and the version diagnostics name.
 */
export const CAPTURE_HANDOFF_KEY = "__tradewatchCapture";

export interface CaptureHandoff {
  signs: AdapterId[];
  disabled: AdapterId[];
  pageData: PageData | null;
  version: string;
}

const NO_HANDOFF: CaptureHandoff = { signs: [], disabled: [], pageData: null, version: UNKNOWN_VERSION };

/** Takes the handoff once, so a later injection into the same page never reads a stale one. */
export function takeHandoff(scope: Record<string, unknown> = globalThis as Record<string, unknown>): CaptureHandoff {
  const handoff = scope[CAPTURE_HANDOFF_KEY];
  delete scope[CAPTURE_HANDOFF_KEY];
  return typeof handoff === "object" && handoff !== null ? (handoff as CaptureHandoff) : NO_HANDOFF;
}

/**
 * What a granted shop page shows: on an order confirmation, that the order is tracked; on an
 * order status page, that the order was updated from it; on a page an adapter recognised but
 * could not read, that it could not, with a diagnostic to copy; on a checkout page, which
 * spending limits its total would push over (nothing when none). Any other page is not about
 * an order: it shows nothing, and nothing is asked of the background.
 */
export async function badgeForPage(doc: Document, handoff: CaptureHandoff, send: SendMessage): Promise<BadgeContent | null> {
  const blocks = collectJsonLdBlocks(doc);
  const { signs, disabled, pageData, version } = handoff;
  const readings = signs.length === 0 ? [] : readPage(doc, pageData, { disabled, signs, version });
  if (blocks.length === 0 && readings.length === 0) return null;
  const reply = (await sendRetrying(send, { type: "capture", blocks, readings })) as CaptureReply | { error: string };
  if ("error" in reply) return { title: t("badge_couldNotSave"), lines: [], warnings: [reply.error] };
  switch (reply.kind) {
    case "tracked":
      return trackedBadge(reply.created, reply.trades);
    case "statuses":
      return statusesBadge(reply.trades);
    case "broken":
      return brokenBadge(reply.message, reply.diagnostic);
    case "checkout":
      return checkoutBadge(reply.exceeded);
    case "not-an-order":
    case "invalid":
      // A broken Order is logged by the background; the page shows nothing.
      return null;
  }
}

export const SEND_ATTEMPTS = 3;

/**
 * The worker may be stopped while it handles a message; the message then fails. Capturing is
 * idempotent (one trade per order however often it is sent), so asking again is safe.
 */
async function sendRetrying(send: SendMessage, message: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(message);
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) throw error;
    }
  }
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
  };
}

function statusesBadge(trades: TradeBrief[]): BadgeContent {
  const ids = tradingIds(trades);
  return {
    title: t("badge_updated", ids.join(", ")),
    lines: [t("badge_readHere")],
    warnings: warningLines(trades),
    orders: ids,
  };
}

function brokenBadge(message: string, diagnostic: Diagnostic): BadgeContent {
  return {
    title: message,
    lines: [t("badge_nothingSaved")],
    warnings: [],
    diagnostic: JSON.stringify(diagnostic, null, 2),
  };
}

function checkoutBadge(exceeded: string[]): BadgeContent | null {
  if (exceeded.length === 0) return null;
  return { title: t("badge_overLimit"), lines: [], warnings: exceeded };
}
