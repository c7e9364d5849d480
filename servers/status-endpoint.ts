import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";
import type { Source } from "../lib/domain/types";
import type { ServerClock } from "./clock";
import { send, sendJson, type HeaderMap, type Waits } from "./http";
import { WRONG_TRADING_ID, type ReferenceStore } from "./store";

export const STATUS_PATH = "/api/status";

/** The extension calls from its own origin and sends no cookies, so any origin may read. */
const STATUS_HEADERS: HeaderMap = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };

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
 */
export async function handleStatus(source: Source, deps: StatusDeps, req: IncomingMessage, res: ServerResponse, url: URL) {
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      ...STATUS_HEADERS,
      "Access-Control-Allow-Methods": "GET, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
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
  const fault = deps.store.fault(tradingId, source);
  if (fault?.kind === "slow" && !(await deps.waits.wait(fault.delayMs, res))) return;
  if (fault?.kind === "http-500") {
    sendJson(res, 500, { error: "simulated server failure" }, STATUS_HEADERS);
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
  // A truncated object is never valid JSON: the client must treat it as a failed request.
  send(res, 200, "application/json; charset=utf-8", fault?.kind === "malformed" ? body.slice(0, body.length >> 1) : body, STATUS_HEADERS);
}
