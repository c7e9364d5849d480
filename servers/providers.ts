import * as z from "zod";
import { moneySchema } from "../lib/protocol/status-report";
import { HttpError, readJson, sendHtml, sendJson, type Handler } from "./http";
import { escapeHtml, page } from "./html";
import { handleStatus, STATUS_PATH, type StatusDeps } from "./status-endpoint";
import { Timeline } from "./store";

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

export const PAYMENTS_PATH = "/internal/payments";
export const SHIPMENTS_PATH = "/internal/shipments";

export function paymentHandler(deps: StatusDeps): Handler {
  return providerHandler("payment", "Reference payment server", deps, async (req, now) => {
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
    return instruction.tradingId;
  });
}

export function deliveryHandler(deps: StatusDeps): Handler {
  return providerHandler("delivery", "Reference delivery server", deps, async (req, now) => {
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
    return instruction.tradingId;
  });
}

type Create = (req: Parameters<Handler>[0], now: number) => Promise<string>;

function providerHandler(source: "payment" | "delivery", title: string, deps: StatusDeps, create: Create): Handler {
  const instructionPath = source === "payment" ? PAYMENTS_PATH : SHIPMENTS_PATH;
  return async (req, res, url) => {
    if (url.pathname === STATUS_PATH) return handleStatus(source, deps, req, res, url);
    if (url.pathname === instructionPath && req.method === "POST") {
      const created = await create(req, deps.clock.now().getTime());
      sendJson(res, 201, { tradingId: created, status: "pending" });
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

function refuseDuplicate(records: Map<string, unknown>, id: string): void {
  if (records.has(id)) throw new HttpError(409, `${id} is already known`);
}
