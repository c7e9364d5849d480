import type { IncomingMessage } from "node:http";
import * as z from "zod";
import type { Money } from "../lib/domain/types";
import { moneySchema } from "../lib/protocol/status-report";
import { HttpError, readJson, sendHtml, sendJson, type Handler } from "./http";
import { escapeHtml, page } from "./html";
import { refunded, settled } from "./payment-state";
import { handleStatus, STATUS_PATH, type StatusDeps } from "./status-endpoint";
import { Timeline, type PaymentState } from "./store";

/**
 * The payment and delivery servers (claim 11): each creates its own record when the shop
 * instructs it (claim 28) and answers status requests about it.
 */

const isoDateTime = z.iso.datetime({ offset: true });
const tradingId = z.string().min(1).max(200);

export const paymentInstructionSchema = z.strictObject({ tradingId, amount: moneySchema, dueAt: isoDateTime });
export type PaymentInstruction = z.infer<typeof paymentInstructionSchema>;

export const shipmentInstructionSchema = z.strictObject({
  tradingId,
  items: z
    .array(z.strictObject({ sku: z.string().min(1).max(200), name: z.string().max(500).nullable(), quantity: z.int().min(1).max(1_000_000) }))
    .min(1)
    .max(1000),
  expectedAt: isoDateTime,
});
export type ShipmentInstruction = z.infer<typeof shipmentInstructionSchema>;

/**
 * What the shop tells the payment server once an order is finalised or a return refunded:
 * `capture` settles an authorized payment (nothing else changes); `cancel` voids a payment
 * not settled yet and refunds a settled one in full (a failed or refunded one stays as it
 * is); `refund` pays back `amount` at `at`.
 */
export const paymentOperationSchema = z.discriminatedUnion("operation", [
  z.strictObject({ tradingId, operation: z.literal("capture") }),
  z.strictObject({ tradingId, operation: z.literal("cancel") }),
  z.strictObject({ tradingId, operation: z.literal("refund"), amount: moneySchema, at: isoDateTime }),
]);
export type PaymentOperation = z.infer<typeof paymentOperationSchema>;

/** The shop cancelled the order before it shipped: the shipment will not be made. */
export const shipmentOperationSchema = z.strictObject({ tradingId, operation: z.literal("cancel") });
export type ShipmentOperation = z.infer<typeof shipmentOperationSchema>;

export const PAYMENTS_PATH = "/internal/payments";
export const SHIPMENTS_PATH = "/internal/shipments";
export const PAYMENT_OPERATIONS_PATH = "/internal/payment-operations";
export const SHIPMENT_OPERATIONS_PATH = "/internal/shipment-operations";

export function paymentHandler(deps: StatusDeps): Handler {
  return providerHandler("payment", "Reference payment server", deps, {
    [PAYMENTS_PATH]: (req, now) => createPayment(deps, req, now),
    [PAYMENT_OPERATIONS_PATH]: async (req, now) => {
      const operation = await readJson(req, paymentOperationSchema);
      const payment = known(deps.store.payments, operation.tradingId);
      const at = new Date(now).toISOString();
      const next = payment.timeline.change(now, (s) => operate(s, operation, payment.amount, at));
      return { status: 200, body: { tradingId: operation.tradingId, status: next.status } };
    },
  });
}

function operate(state: PaymentState, operation: PaymentOperation, amount: Money, at: string): PaymentState {
  switch (operation.operation) {
    case "capture":
      return state.status === "authorized" ? settled(state, amount, at) : state;
    case "cancel":
      if (state.status === "pending" || state.status === "authorized") {
        return { ...state, status: "failed", message: "The payment was voided: the order was cancelled." };
      }
      return state.status === "settled" ? (refunded(state, undefined, at) ?? state) : state;
    case "refund":
      return refunded(state, operation.amount, operation.at) ?? state;
  }
}

async function createPayment(deps: StatusDeps, req: IncomingMessage, now: number): Promise<Answer> {
  const instruction = await readJson(req, paymentInstructionSchema);
  refuseDuplicate(deps.store.payments, instruction.tradingId);
  deps.store.payments.set(instruction.tradingId, {
    ...instruction,
    timeline: new Timeline(now, {
      source: "payment",
      status: "pending",
      completedAt: null,
      scheduledAt: instruction.dueAt,
      amountCharged: null,
      charges: [],
      refunds: [],
      message: null,
    }),
  });
  return created(instruction.tradingId);
}

export function deliveryHandler(deps: StatusDeps): Handler {
  return providerHandler("delivery", "Reference delivery server", deps, {
    [SHIPMENTS_PATH]: (req, now) => createShipment(deps, req, now),
    [SHIPMENT_OPERATIONS_PATH]: async (req, now) => {
      const operation = await readJson(req, shipmentOperationSchema);
      const shipment = known(deps.store.shipments, operation.tradingId);
      // Once shipped, the parcel is on its way whatever the shop says.
      const next = shipment.timeline.change(now, (s) =>
        s.status === "pending" ? { ...s, scheduledAt: null, message: "The shipment was cancelled with the order." } : s,
      );
      return { status: 200, body: { tradingId: operation.tradingId, status: next.status } };
    },
  });
}

async function createShipment(deps: StatusDeps, req: IncomingMessage, now: number): Promise<Answer> {
  const instruction = await readJson(req, shipmentInstructionSchema);
  refuseDuplicate(deps.store.shipments, instruction.tradingId);
  deps.store.shipments.set(instruction.tradingId, {
    ...instruction,
    timeline: new Timeline(now, {
      source: "delivery",
      status: "pending",
      completedAt: null,
      scheduledAt: instruction.expectedAt,
      itemsDelivered: null,
      trackingNumber: null,
      carrier: null,
      message: null,
    }),
  });
  return created(instruction.tradingId);
}

interface Answer {
  status: number;
  body: object;
}

/** The POST routes through which the shop instructs a provider, by path. */
type Instructions = Record<string, (req: IncomingMessage, now: number) => Promise<Answer>>;

function providerHandler(source: "payment" | "delivery", title: string, deps: StatusDeps, instructions: Instructions): Handler {
  return async (req, res, url) => {
    if (url.pathname === STATUS_PATH) return handleStatus(source, deps, req, res, url);
    const instruction = Object.hasOwn(instructions, url.pathname) ? instructions[url.pathname] : undefined;
    if (instruction && req.method === "POST") {
      const answer = await instruction(req, deps.clock.now().getTime());
      sendJson(res, answer.status, answer.body);
      return;
    }
    if (url.pathname === "/" && req.method === "GET") {
      sendHtml(
        res,
        200,
        page(
          title,
          title,
          `<div class="card"><h1>${escapeHtml(title)}</h1><p>Status endpoint: <code>${STATUS_PATH}?tradingId=…&amp;at=…</code></p></div>`,
        ),
      );
      return;
    }
    throw new HttpError(404, `no route ${req.method} ${url.pathname}`);
  };
}

function created(tradingId: string): Answer {
  return { status: 201, body: { tradingId, status: "pending" } };
}

function refuseDuplicate(records: Map<string, unknown>, id: string): void {
  if (records.has(id)) throw new HttpError(409, `${id} is already known`);
}

function known<R>(records: Map<string, R>, id: string): R {
  const record = records.get(id);
  if (record === undefined) throw new HttpError(404, `${id} is not known here`);
  return record;
}
