import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import type { Source } from "../lib/domain/types";
import type { StatusReport } from "../lib/protocol/status-report";
import type { ServerClock } from "./clock";
import { send, sendJson, type HeaderMap, type Waits } from "./http";
import { WRONG_TRADING_ID, type ReferenceStore } from "./store";

export const STATUS_PATH = "/api/status";

/**
 * The extension calls from its own origin and sends no cookies, so any origin may read. It
 * keeps validators itself, so the browser's HTTP cache stays out of the way (no-store), and
 * the headers it needs from a cross-origin answer are exposed.
 */
const STATUS_HEADERS: HeaderMap = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
  "Cache-Control": "no-store",
};

const querySchema = z.object({
  tradingId: z.string().min(1).max(200),
  at: z.iso.datetime({ offset: true }).optional(),
});

export interface StatusDeps {
  store: ReferenceStore;
  clock: ServerClock;
  waits: Waits;
}

/**
 * `GET /api/status?tradingId=…&at=…` (claims 16, 24): the source's state as of `at`, which is
 * capped at the clock's now (a server does not know the future); `asOf` is that capped time.
 * Answers carry validators and a matching conditional request gets `304 Not Modified`.
 */
export async function handleStatus(source: Source, deps: StatusDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      ...STATUS_HEADERS,
      "Access-Control-Allow-Methods": "GET, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type, If-None-Match, If-Modified-Since",
      "Access-Control-Max-Age": "600",
    });
    res.end();
    return;
  }
  if (req.method !== "GET") {
    sendJson(res, 405, { error: `${req.method} is not allowed here` }, { ...STATUS_HEADERS, Allow: "GET, OPTIONS" });
    return;
  }
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    sendJson(res, 400, { error: z.prettifyError(query.error) }, STATUS_HEADERS);
    return;
  }
  const { tradingId, at } = query.data;
  deps.store.stats.request(source, tradingId);
  const fault = deps.store.fault(tradingId, source);
  if (fault?.kind === "slow" && !(await deps.waits.wait(fault.delayMs, res))) return;
  if (fault?.kind === "http-500") {
    sendJson(res, 500, { error: "simulated server failure" }, STATUS_HEADERS);
    return;
  }
  if (fault?.kind === "rate-limit") {
    const headers = { ...STATUS_HEADERS, "Retry-After": String(fault.retryAfterSeconds) };
    sendJson(res, 429, { error: `too many requests: try again in ${fault.retryAfterSeconds} s` }, headers);
    return;
  }
  const now = deps.clock.now().getTime();
  const asOf = at === undefined ? now : Math.min(Date.parse(at), now);
  const asOfIso = new Date(asOf).toISOString();
  const lookup = deps.store.report(source, tradingId, asOf, asOfIso);
  if ("missing" in lookup) {
    const error =
      lookup.missing === "unknown"
        ? `the ${source} server knows no order ${tradingId}`
        : `order ${tradingId} did not exist yet at ${asOfIso}`;
    sendJson(res, 404, { error }, STATUS_HEADERS);
    return;
  }
  const report = fault?.kind === "wrong-id" ? { ...lookup.found, tradingId: WRONG_TRADING_ID } : lookup.found;
  const body = JSON.stringify(report);
  if (fault?.kind === "malformed") {
    // A truncated object is never valid JSON: the client must treat it as a failed request.
    send(res, 200, "application/json; charset=utf-8", body.slice(0, body.length >> 1), STATUS_HEADERS);
    return;
  }
  const validators = { ETag: entityTag(report), "Last-Modified": new Date(lookup.changedAt).toUTCString() };
  if (notModified(req, validators.ETag, lookup.changedAt)) {
    deps.store.stats.notModified(source, tradingId);
    res.writeHead(304, { ...STATUS_HEADERS, ...validators });
    res.end();
    return;
  }
  send(res, 200, "application/json; charset=utf-8", body, { ...STATUS_HEADERS, ...validators });
}

/**
 * A weak validator: a hash of the document without `asOf`. `asOf` follows the time asked
 * for, so two answers about the same state differ only there, and a client that asks "as of
 * now" would otherwise never get a 304.
 */
export function entityTag(report: StatusReport): string {
  const state = JSON.stringify({ ...report, asOf: undefined });
  return `W/"${createHash("sha256").update(state).digest("base64url").slice(0, 27)}"`;
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison, or `*`) decides when present; otherwise
 * If-Modified-Since, at the one-second precision of HTTP dates, is not older than the last change.
 */
function notModified(req: IncomingMessage, etag: string, changedAt: number): boolean {
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
  }
  const since = Date.parse(req.headers["if-modified-since"] ?? "");
  return !Number.isNaN(since) && since >= Math.floor(changedAt / 1000) * 1000;
}
