import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pollDue } from "../../lib/background/poller";
import { fetchStatus } from "../../lib/background/status-fetch";
import { useFreshDb } from "../../lib/db/test-db";
import { listTrades, saveCaptured } from "../../lib/db/trades";
import { aCapturedOrder } from "../../lib/domain/test-trades";
import type { Source, SourceState, Trade } from "../../lib/domain/types";
import {
  addedBesideBaseline,
  expectCleanPrototypes,
  expectReadable,
  expectWholeRecord,
  failOnUnhandledRejections,
  loadCorpus,
  storeBaseline,
} from "./corpus";

/** One hostile answer; see the "about" of statuses.json. */
interface StatusCase {
  group: string;
  name: string;
  source: Source;
  respond?: { status?: number; contentType?: string | null; body?: string; json?: unknown };
  behaviour?: string;
  expect: "error" | "foreign" | "merged";
  message?: string;
  foreignTradingId?: string;
  status?: string;
  carrier?: string;
}

const cases = loadCorpus<StatusCase>("statuses.json");
const CAPTURED_AT = "2026-11-22T08:00:00.000Z";
const NOW = "2026-11-22T10:00:00.000Z";
const TIMEOUT_MS = 1000;
const TEN_MB = 10 * 1024 * 1024;

/** What the source said, as opposed to the bookkeeping a failed request updates. */
function reported(state: SourceState): Partial<SourceState> {
  const { lastError: _e, failures: _f, lastCheckedAt: _c, nextCheckAt: _n, notBefore: _b, unchanged: _u, ...said } = state;
  return said;
}

/** Writes `total` bytes of `chunk` repeated, respecting back-pressure, until done or the client goes away. */
function stream(res: ServerResponse, chunk: Buffer, total: number, last = Buffer.alloc(0)): void {
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end(last);
  };
  res.on("error", () => undefined);
  pump();
}

function answer(c: StatusCase, req: IncomingMessage, res: ServerResponse, otherBase: string): void {
  const respond = c.respond ?? {};
  const json = { "content-type": "application/json" };
  const body = respond.body ?? (respond.json === undefined ? "" : JSON.stringify(respond.json));
  const report = Buffer.from(JSON.stringify({ tradewatch: 1, source: c.source, tradingId: "TW-1", asOf: "2026-11-22T09:00:00.000Z", status: "authorized", message: "é" }));
  switch (c.behaviour) {
    case "redirect-other-origin":
      return void res.writeHead(respond.status ?? 302, { location: `${otherBase}/stolen` }).end();
    case "redirect-same-origin":
      return void res.writeHead(302, { location: "/followed" }).end();
    case "no-answer":
      return; // The socket stays open until the client gives up.
    case "stall-body":
      return void res.writeHead(200, json).write('{"tradewatch":1,');
    case "cut-off":
      res.writeHead(200, { ...json, "content-length": "5000" });
      return void res.write(report.subarray(0, 20), () => req.socket.destroy());
    case "reset":
      return void req.socket.destroy();
    case "huge-streamed":
      return stream(res.writeHead(200, json), Buffer.alloc(64 * 1024, 0x20), TEN_MB);
    case "huge-declared":
      return stream(res.writeHead(200, { ...json, "content-length": String(TEN_MB) }), Buffer.alloc(64 * 1024, 0x20), TEN_MB);
    case "huge-json":
      res.writeHead(200, json).write(`${report.subarray(0, -1).toString()},"padding":"`);
      return stream(res, Buffer.alloc(64 * 1024, 0x61), TEN_MB, Buffer.from('"}'));
    case "deep-json":
      return void res.writeHead(200, json).end(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    case "utf16":
      return void res.writeHead(200, json).end(Buffer.from(report.toString(), "utf16le"));
    case "bom":
      return void res.writeHead(200, json).end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), report]));
    case "bad-utf8":
      // "é" (c3 a9) becomes ff fe: not UTF-8 at all.
      return void res.writeHead(200, json).end(Buffer.from(report.toString("latin1").replace("\u00c3\u00a9", "\u00ff\u00fe"), "latin1"));
  }
  const headers: Record<string, string> = respond.contentType === null ? {} : { "content-type": respond.contentType ?? "application/json" };
  res.writeHead(respond.status ?? 200, headers).end(body);
}

let server: Server;
let other: Server;
let base: string;
let otherHits = 0;
let followed = 0;

function listen(s: Server): Promise<string> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  // Another origin that would answer a perfect report: nothing may ever be fetched from it.
  other = createServer((_req, res) => {
    otherHits++;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  const otherBase = await listen(other);
  server = createServer((req, res) => {
    const index = Number(/^\/case\/(\d+)/.exec(req.url ?? "")?.[1]);
    const c = cases[index];
    if (req.url?.startsWith("/followed")) followed++;
    if (!c) return void res.writeHead(404).end();
    answer(c, req, res, otherBase);
  });
  base = await listen(server);
});

afterAll(() => {
  server.closeAllConnections();
  other.closeAllConnections();
  server.close();
  other.close();
});

failOnUnhandledRejections();

beforeEach(async () => {
  useFreshDb();
  await storeBaseline();
});

/** A trade whose only endpoint is this case's, captured just before, due now. */
async function tradeFor(index: number, source: Source): Promise<Trade> {
  const endpoints = { shop: null, payment: null, delivery: null, [source]: `${base}/case/${index}` };
  const shop = { name: "Corpus Shop", origin: "https://corpus-shop.example" };
  return (await saveCaptured(aCapturedOrder({ info: { tradingId: "TW-1", shop, endpoints } }), CAPTURED_AT)).trade;
}

describe(`hostile and broken status answers over HTTP (${cases.length} cases)`, () => {
  it.each(cases.map((c, index) => [`${c.group}: ${c.name}`, c, index] as const))("%s", async (_name, c, index) => {
    const before = await tradeFor(index, c.source);
    const asked = await pollDue({ now: () => NOW, fetchStatus: (url) => fetchStatus(url, { timeoutMs: TIMEOUT_MS }) });
    expect(asked).toBe(1);
    const [after, ...more] = addedBesideBaseline(await listTrades());
    expect(more).toEqual([]);
    if (!after) throw new Error("the trade is gone");
    expectCleanPrototypes();
    expectWholeRecord(after);
    expect(after.info).toEqual(before.info);
    for (const source of ["shop", "payment", "delivery"] as const) {
      if (source !== c.source) expect(after.processing[source]).toEqual(before.processing[source]);
    }
    const state = after.processing[c.source];
    // A failure or a foreign answer is asked again later (and never sooner than now).
    if (c.expect !== "merged") expect(state.nextCheckAt !== null && Date.parse(state.nextCheckAt) > Date.parse(NOW)).toBe(true);

    switch (c.expect) {
      case "error":
        expectReadable(state.lastError?.message);
        expect(state.lastError?.message).toContain(c.message);
        expect(reported(state)).toEqual(reported(before.processing[c.source]));
        expect(after.warnings).toEqual(before.warnings);
        break;
      case "foreign":
        expect(state.foreignTradingId).toBe(c.foreignTradingId);
        expect(state.status).toBe(before.processing[c.source].status);
        expect(after.warnings.map((w) => w.code)).toContain("trading-id-mismatch");
        break;
      case "merged":
        expect(state.lastError).toBeNull();
        expect(state.status).toBe(c.status);
        if (c.carrier) expect(state.carrier).toBe(c.carrier);
        break;
    }
  });

  it("never followed a redirect, to another origin or its own", () => {
    expect(otherHits).toBe(0);
    expect(followed).toBe(0);
  });
});
