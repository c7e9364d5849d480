import type { AnyStatus, Money, Source } from "../lib/domain/types";
import type {
  ClockAnswer,
  CommandPolicyInput,
  ContentLine,
  ControlActionInput,
  ControlActionName,
  ControlOrder,
  DeliveredItem,
  FaultKind,
  ReceivedCommand,
  StatusStats,
} from "./control-api";

export type {
  CommandCounts,
  CommandPolicyInput,
  ContentLine,
  ControlOrder,
  DeliveredItem,
  FaultKind,
  ReceivedCommand,
  RequestCounts,
  StatusStats,
} from "./control-api";

/** Calls the reference servers' control interface (on the shop server); see docs/reference-servers.md. */
export interface ControlClient {
  orders(): Promise<ControlOrder[]>;
  /** Status requests received so far, per source and trading identifier, with the 304s among them. */
  stats(): Promise<StatusStats>;
  authorize(tradingId: string): Promise<ControlOrder>;
  /** Settles for the order total, or for `amount` to charge a different amount. */
  settle(tradingId: string, amount?: Money): Promise<ControlOrder>;
  /** Takes another charge (default: the order total) on top of what was charged: "charged twice". */
  charge(tradingId: string, amount?: Money): Promise<ControlOrder>;
  failPayment(tradingId: string): Promise<ControlOrder>;
  /** Refunds `amount`, or everything paid and not refunded yet. */
  refund(tradingId: string, amount?: Money): Promise<ControlOrder>;
  /** Ships with a tracking number (default: a valid UPS number) and carrier (default "UPS"). */
  ship(tradingId: string, trackingNumber?: string, carrier?: string): Promise<ControlOrder>;
  /** Delivers every line, or only `items` (a partial delivery, or SKUs never ordered). */
  deliver(tradingId: string, items?: DeliveredItem[]): Promise<ControlOrder>;
  returnShipment(tradingId: string): Promise<ControlOrder>;
  cancel(tradingId: string): Promise<ControlOrder>;
  /** The shop changes the order to these lines (all of them); the total is recomputed. */
  changeContents(tradingId: string, items: ContentLine[]): Promise<ControlOrder>;
  /** Forces one server's status, e.g. back from delivered to in_transit; nothing else changes. */
  setStatus(tradingId: string, source: Source, status: AnyStatus): Promise<ControlOrder>;
  schedule(tradingId: string, source: Source, scheduledAt: string): Promise<ControlOrder>;
  fault(tradingId: string, source: Source, kind: FaultKind, delayMs?: number): Promise<ControlOrder>;
  /** The "rate-limit" fault: 429 with this Retry-After (default 60 s). */
  rateLimit(tradingId: string, source: Source, retryAfterSeconds?: number): Promise<ControlOrder>;
  /**
   * How the shop answers command requests about the order from now on (replacing the previous
   * policy): refuse commands (a prepare votes "refused"), fail the next N requests with a 500
   * before or after carrying them out, or answer "accepted" and finish with completeOutcome.
   */
  commandPolicy(tradingId: string, policy: CommandPolicyInput): Promise<ControlOrder>;
  /** Carries out the finalisation answered "accepted" under the policy `defer`; its outcome then shows in the status. */
  completeOutcome(tradingId: string): Promise<ControlOrder>;
  /** The returned items arrived at the shop. */
  receiveReturn(tradingId: string, returnId: string): Promise<ControlOrder>;
  /** Refunds the return: the payment server adds the refund, dated `at` (default now). */
  refundReturn(tradingId: string, returnId: string, at?: string): Promise<ControlOrder>;
  /** The command requests the shop received about the order, oldest first, with the personal information each carried. */
  received(tradingId: string): Promise<ReceivedCommand[]>;
  /** Returns the clock's new time. */
  setClock(iso: string): Promise<string>;
  advanceClock(ms: number): Promise<string>;
}

type Body<N extends ControlActionName> = Omit<Extract<ControlActionInput, { action: N }>, "action">;

export function createControlClient(shopUrl: string): ControlClient {
  const base = shopUrl.replace(/\/+$/, "");

  async function call<T>(method: "GET" | "POST", path: string, body?: object): Promise<T> {
    const response = await fetch(base + path, {
      method,
      ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} failed with HTTP ${response.status}: ${errorText(text)}`);
    return JSON.parse(text) as T;
  }

  // Fields left undefined are left out by JSON.stringify, so the server applies its defaults.
  const act = <N extends ControlActionName>(tradingId: string, action: N, body: Body<N>) =>
    call<ControlOrder>("POST", `/control/orders/${encodeURIComponent(tradingId)}/${action}`, body);
  const clock = async (body: { now: string } | { advanceMs: number }) =>
    (await call<ClockAnswer>("POST", "/control/clock", body)).now;

  return {
    orders: () => call<ControlOrder[]>("GET", "/control/orders"),
    stats: () => call<StatusStats>("GET", "/control/stats"),
    authorize: (id) => act(id, "authorize", {}),
    settle: (id, amount) => act(id, "settle", { amount }),
    charge: (id, amount) => act(id, "charge", { amount }),
    failPayment: (id) => act(id, "fail-payment", {}),
    refund: (id, amount) => act(id, "refund", { amount }),
    ship: (id, trackingNumber, carrier) => act(id, "ship", { trackingNumber, carrier }),
    deliver: (id, items) => act(id, "deliver", { items }),
    returnShipment: (id) => act(id, "return", {}),
    cancel: (id) => act(id, "cancel", {}),
    changeContents: (id, items) => act(id, "change-contents", { items }),
    setStatus: (id, source, status) => act(id, "set-status", { source, status }),
    schedule: (id, source, scheduledAt) => act(id, "schedule", { source, scheduledAt }),
    fault: (id, source, kind, delayMs) => act(id, "fault", { source, kind, delayMs }),
    rateLimit: (id, source, retryAfterSeconds) => act(id, "fault", { source, kind: "rate-limit", retryAfterSeconds }),
    commandPolicy: (id, policy) => act(id, "command-policy", policy),
    completeOutcome: (id) => act(id, "complete-outcome", {}),
    receiveReturn: (id, returnId) => act(id, "receive-return", { returnId }),
    refundReturn: (id, returnId, at) => act(id, "refund-return", { returnId, at }),
    received: (id) => call<ReceivedCommand[]>("GET", `/control/orders/${encodeURIComponent(id)}/commands`),
    setClock: (iso) => clock({ now: iso }),
    advanceClock: (ms) => clock({ advanceMs: ms }),
  };
}

/** The server's `{ "error": … }` message when there is one, else the raw body. */
function errorText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "error" in parsed && typeof parsed.error === "string") {
      return parsed.error;
    }
  } catch {
    // Not JSON: the raw body says what went wrong.
  }
  return body;
}
