import type { Money, Source } from "../lib/domain/types";
import type { ClockAnswer, ControlAction, ControlActionName, ControlOrder, DeliveredItem, FaultKind } from "./control-api";

export type { ControlOrder, DeliveredItem, FaultKind } from "./control-api";

/** Calls the reference servers' control interface (on the shop server); see docs/reference-servers.md. */
export interface ControlClient {
  orders(): Promise<ControlOrder[]>;
  authorize(tradingId: string): Promise<ControlOrder>;
  /** Settles for the order total, or for `amount` to charge a different amount. */
  settle(tradingId: string, amount?: Money): Promise<ControlOrder>;
  failPayment(tradingId: string): Promise<ControlOrder>;
  refund(tradingId: string): Promise<ControlOrder>;
  ship(tradingId: string, trackingNumber?: string): Promise<ControlOrder>;
  /** Delivers every line, or only `items` (a partial delivery). */
  deliver(tradingId: string, items?: DeliveredItem[]): Promise<ControlOrder>;
  returnShipment(tradingId: string): Promise<ControlOrder>;
  cancel(tradingId: string): Promise<ControlOrder>;
  schedule(tradingId: string, source: Source, scheduledAt: string): Promise<ControlOrder>;
  fault(tradingId: string, source: Source, kind: FaultKind, delayMs?: number): Promise<ControlOrder>;
  /** Returns the clock's new time. */
  setClock(iso: string): Promise<string>;
  advanceClock(ms: number): Promise<string>;
}

type Body<N extends ControlActionName> = Omit<Extract<ControlAction, { action: N }>, "action">;

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

  const act = <N extends ControlActionName>(tradingId: string, action: N, body: Body<N>) =>
    call<ControlOrder>("POST", `/control/orders/${encodeURIComponent(tradingId)}/${action}`, body);
  const clock = async (body: { now: string } | { advanceMs: number }) =>
    (await call<ClockAnswer>("POST", "/control/clock", body)).now;

  return {
    orders: () => call<ControlOrder[]>("GET", "/control/orders"),
    authorize: (id) => act(id, "authorize", {}),
    settle: (id, amount) => act(id, "settle", amount === undefined ? {} : { amount }),
    failPayment: (id) => act(id, "fail-payment", {}),
    refund: (id) => act(id, "refund", {}),
    ship: (id, trackingNumber) => act(id, "ship", trackingNumber === undefined ? {} : { trackingNumber }),
    deliver: (id, items) => act(id, "deliver", items === undefined ? {} : { items }),
    returnShipment: (id) => act(id, "return", {}),
    cancel: (id) => act(id, "cancel", {}),
    schedule: (id, source, scheduledAt) => act(id, "schedule", { source, scheduledAt }),
    fault: (id, source, kind, delayMs) => act(id, "fault", delayMs === undefined ? { source, kind } : { source, kind, delayMs }),
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
