import { parseVendureAnswer, VENDURE_ORDER_QUERY, type VendureOrder } from "../capture/adapters/vendure";
import { fetchJson, type FetchOptions } from "./status-fetch";

export type VendureFetchOutcome =
  | { ok: true; order: VendureOrder }
  /**
   * `forbidden`: Vendure no longer shows the order to guests (its guest access window passed),
   * which is the shop's policy rather than a fault. `retryAfterMs` as in fetchStatus.
   */
  | { ok: false; forbidden: boolean; message: string; retryAfterMs: number | null };

/** Vendure answers FORBIDDEN alike for an order past the guest window, not placed, or unknown. */
const FORBIDDEN_MESSAGE = "does not show this order to guests (Vendure shows an order to guests only for a while after it is placed)";

/**
 * Asks a Vendure Shop API for one order by its code, as a guest: a GraphQL POST through
 * fetchJson (bounded, no cookies, no redirects), so the user's session at the shop never goes
 * along. Never throws.
 */
export async function fetchVendureOrder(
  shopApi: string,
  code: string,
  options: Omit<FetchOptions, "validators"> = {},
): Promise<VendureFetchOutcome> {
  const body = JSON.stringify({ query: VENDURE_ORDER_QUERY, variables: { code } });
  const answer = await fetchJson(shopApi, { method: "POST", headers: { "Content-Type": "application/json" }, body }, options);
  if (answer.kind === "error") return failure(answer.message, answer.retryAfterMs);
  if (answer.kind === "not-modified") return failure("answered HTTP 304 to a plain request");
  const parsed = parseVendureAnswer(answer.json);
  switch (parsed.kind) {
    case "order":
      return { ok: true, order: parsed.order };
    case "forbidden":
      return { ok: false, forbidden: true, message: FORBIDDEN_MESSAGE, retryAfterMs: null };
    case "not-found":
      return failure(`does not know order ${code}`);
    case "invalid":
      return failure(`answered with an order TradeWatch does not understand (${parsed.reason})`);
  }
}

function failure(message: string, retryAfterMs: number | null = null): VendureFetchOutcome {
  return { ok: false, forbidden: false, message, retryAfterMs };
}
