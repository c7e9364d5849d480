import { commandReplySchema, type CommandReply, type CommandRequest } from "../protocol/commands";
import { fetchJson, type FetchOptions } from "./status-fetch";
import { t } from "../i18n/t";
import { firstProblem } from "../zod-problem";
import { isRetryableStatus } from "../domain/command-policy";

export type SendOutcome =
  | { ok: true; reply: CommandReply }
  /** `retryable`: sending the same request again may succeed (no answer, 5xx, 429…); `retryAfterMs` from Retry-After. */
  | { ok: false; message: string; retryable: boolean; retryAfterMs: number | null };

/**
 * POSTs one command to a shop's command endpoint and validates the answer. Never throws. An
 * answer about another order or another idempotency key is refused (claim 1: never merged).
 */
export async function sendCommand(
  url: string,
  request: CommandRequest,
  options: Omit<FetchOptions, "validators"> = {},
): Promise<SendOutcome> {
  const answer = await fetchJson(
    url,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) },
    options,
  );
  if (answer.kind === "not-modified") return failed(t("error_notModifiedCommand"), false);
  if (answer.kind === "error") {
    return failed(answer.message, answer.status === null || isRetryableStatus(answer.status), answer.retryAfterMs);
  }
  const parsed = commandReplySchema.safeParse(answer.json);
  if (!parsed.success) return failed(t("error_notUnderstood", firstProblem(parsed.error)), true);
  const reply = parsed.data;
  if (reply.tradingId !== request.tradingId) return failed(t("error_otherOrder", reply.tradingId, request.tradingId), true);
  if (reply.idempotencyKey !== request.idempotencyKey) return failed(t("error_otherRequest"), true);
  return { ok: true, reply };
}

function failed(message: string, retryable: boolean, retryAfterMs: number | null = null): SendOutcome {
  return { ok: false, message, retryable, retryAfterMs };
}
