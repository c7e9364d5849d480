import { t } from "../i18n/t";
import { firstProblem } from "../zod-problem";
import type { Validators } from "../domain/reconcile";
import { statusReportSchema, type StatusReport } from "../protocol/status-report";

export type FetchOutcome =
  /** A status document, with the validators to send next time. */
  | { ok: true; notModified: false; report: StatusReport; validators: Validators }
  /** 304: nothing changed since the answer the validators came from. */
  | { ok: true; notModified: true }
  /** `retryAfterMs`: how long the endpoint asked to be left alone (Retry-After), or null. */
  | { ok: false; message: string; retryAfterMs: number | null };

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
  /** What the endpoint's last answer carried; sent back so it can answer 304 Not Modified. */
  validators?: Validators;
  /** Clock for a Retry-After given as a date. */
  nowMs?: () => number;
}

export const STATUS_TIMEOUT_MS = 15_000;
export const STATUS_MAX_BYTES = 256 * 1024;

const NO_VALIDATORS: Validators = { etag: null, lastModified: null };

/**
 * Asks one status endpoint and validates its answer. Never throws: every way the request
 * can go wrong becomes a readable message (in the browser's language) that the caller records
 * on the trade.
 */
export async function fetchStatus(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const { validators = NO_VALIDATORS } = options;
  const headers: Record<string, string> = {};
  if (validators.etag !== null) headers["If-None-Match"] = validators.etag;
  if (validators.lastModified !== null) headers["If-Modified-Since"] = validators.lastModified;
  const answer = await fetchJson(url, { method: "GET", headers }, options);
  if (answer.kind === "error") return failure(answer.message, answer.retryAfterMs);
  if (answer.kind === "not-modified") {
    if (validators.etag === null && validators.lastModified === null) return failure(t("error_notModifiedPlain"));
    return { ok: true, notModified: true };
  }
  const parsed = statusReportSchema.safeParse(answer.json);
  if (!parsed.success) return failure(t("error_notUnderstood", firstProblem(parsed.error)));
  return { ok: true, notModified: false, report: parsed.data, validators: validatorsOf(answer.headers) };
}

export type JsonAnswer =
  | { kind: "json"; json: unknown; headers: Headers }
  | { kind: "not-modified" }
  /** `status`: the HTTP status when the endpoint answered with an error status. */
  | { kind: "error"; message: string; retryAfterMs: number | null; status: number | null };

/**
 * One request to a shop, payment or delivery endpoint that must answer JSON (status and
 * command endpoints alike). Never throws. The user's cookies never go along, no redirect is
 * followed, and the answer is bounded in time and size.
 */
export async function fetchJson(
  url: string,
  request: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  options: Omit<FetchOptions, "validators"> = {},
): Promise<JsonAnswer> {
  const { timeoutMs = STATUS_TIMEOUT_MS, maxBytes = STATUS_MAX_BYTES, fetchImpl = fetch, nowMs = Date.now } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: request.method,
      body: request.body,
      // The user's cookies never go to these endpoints; redirects could lead anywhere, so none
      // is followed ("manual" rather than "error", to tell the user that this is what happened).
      credentials: "omit",
      redirect: "manual",
      // The browser's HTTP cache stays out of it: TradeWatch keeps the validators itself and must see the 304.
      cache: "no-store",
      referrerPolicy: "no-referrer",
      headers: { Accept: "application/json", ...request.headers },
      signal,
    });
  } catch {
    return error(signal.aborted ? t("error_timeout", timeoutMs / 1000) : t("error_unreachable"));
  }
  // Browsers hide a redirect not followed behind an opaque response; Node shows the 3xx itself.
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400 && response.status !== 304)) {
    await response.body?.cancel();
    return error(t("error_redirect"));
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: "not-modified" };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return error(t("error_http", response.status), parseRetryAfter(response.headers.get("retry-after"), nowMs()), response.status);
  }
  const type = response.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    await response.body?.cancel();
    return error(t("error_notJson", type.split(";")[0] || t("error_noContentType")));
  }
  const text = await readLimited(response, maxBytes, signal);
  if (text.kind === "error") return error(text.message);
  try {
    return { kind: "json", json: JSON.parse(text.value), headers: response.headers };
  } catch {
    return error(t("error_malformed"));
  }
}

function error(message: string, retryAfterMs: number | null = null, status: number | null = null): JsonAnswer {
  return { kind: "error", message, retryAfterMs, status };
}

function failure(message: string, retryAfterMs: number | null = null): FetchOutcome {
  return { ok: false, message, retryAfterMs };
}

/** An entity tag as RFC 9110 writes it (optionally weak), of a sane length. */
const ETAG = /^(W\/)?"[\x21\x23-\x7e]{0,200}"$/;

/**
 * The validators to send back next time. Anything malformed is dropped: a stored value that
 * is not a valid header would make every later request fail.
 */
function validatorsOf(headers: Headers): Validators {
  const etag = headers.get("etag");
  const lastModified = headers.get("last-modified");
  return {
    etag: etag !== null && ETAG.test(etag) ? etag : null,
    lastModified:
      lastModified !== null && lastModified.length <= 64 && !Number.isNaN(Date.parse(lastModified))
        ? lastModified
        : null,
  };
}

/**
 * Retry-After as milliseconds from `nowMs`: delay-seconds ("120") or an HTTP date. Null when
 * absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), Number.MAX_SAFE_INTEGER / 1000) * 1000;
  // Only dates in the HTTP form (IMF-fixdate and its obsolete cousins) mention GMT.
  if (!/GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

type Read = { kind: "ok"; value: string } | { kind: "error"; message: string };

async function readLimited(response: Response, maxBytes: number, signal: AbortSignal): Promise<Read> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) {
    await response.body?.cancel();
    return { kind: "error", message: t("error_tooLarge", declared) };
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
        return { kind: "error", message: t("error_tooLargeOver", maxBytes) };
      }
      chunks.push(value);
    }
  } catch {
    return { kind: "error", message: signal.aborted ? t("error_tooSlow") : t("error_cutOff") };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "ok", value: new TextDecoder().decode(bytes) };
}
