import * as z from "zod";
import { statusReportSchema, type StatusReport } from "../protocol/status-report";

export type FetchOutcome = { ok: true; report: StatusReport } | { ok: false; message: string };

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

export const STATUS_TIMEOUT_MS = 15_000;
export const STATUS_MAX_BYTES = 256 * 1024;

/**
 * Asks one status endpoint and validates its answer. Never throws: every way the request
 * can go wrong becomes a readable message that the caller records on the trade.
 */
export async function fetchStatus(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const { timeoutMs = STATUS_TIMEOUT_MS, maxBytes = STATUS_MAX_BYTES, fetchImpl = fetch } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      // The user's cookies never go to status endpoints; redirects could lead anywhere.
      credentials: "omit",
      redirect: "error",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      headers: { Accept: "application/json" },
      signal,
    });
  } catch {
    return { ok: false, message: signal.aborted ? `no answer within ${timeoutMs / 1000} s` : "could not be reached" };
  }
  if (!response.ok) return { ok: false, message: `answered HTTP ${response.status}` };
  const type = response.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    await response.body?.cancel();
    return { ok: false, message: `answered with ${type.split(";")[0] || "no content type"} instead of JSON (a login page?)` };
  }
  const text = await readLimited(response, maxBytes, signal);
  if (text.kind === "error") return { ok: false, message: text.message };
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch {
    return { ok: false, message: "answered with malformed JSON" };
  }
  const parsed = statusReportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `answered with a document TradeWatch does not understand (${firstIssue(parsed.error)})` };
  return { ok: true, report: parsed.data };
}

type Read = { kind: "ok"; value: string } | { kind: "error"; message: string };

async function readLimited(response: Response, maxBytes: number, signal: AbortSignal): Promise<Read> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) {
    await response.body?.cancel();
    return { kind: "error", message: `answer too large (${declared} bytes)` };
  }
  if (!response.body) return { kind: "ok", value: "" };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { kind: "error", message: `answer too large (over ${maxBytes} bytes)` };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: "error", message: signal.aborted ? "answer took too long" : "answer was cut off" };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "ok", value: new TextDecoder().decode(bytes) };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
