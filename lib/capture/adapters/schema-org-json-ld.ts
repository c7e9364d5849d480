import * as z from "zod";
import { MAX_JSON_LD_CHARS } from "../json-ld-blocks";
import { readOrders } from "../schema-org-order";
import { carrierSchema, passiveReports, tradingIdSchema, trackingNumberSchema, type PassiveStatuses } from "./interpreting";
import { orderStatusOf, paymentStatusOf, type SchemaOrgAdapterId } from "./schema-org-json-ld-page";
import type { AdapterInterpreter, Interpreted } from "./types";

/**
 * The background side of the schema.org adapters (JSON-LD and microdata read their Orders into
 * the same JSON shape, schema-org-json-ld-page.ts): an Order's text is read by readOrders
 * exactly as the page's blocks are, a status is validated here.
 */

const statusRawSchema = z.object({
  orderNumber: tradingIdSchema,
  // Optional: a key the page left out is dropped on its way through extension messaging.
  orderStatus: z.unknown().optional().transform(orderStatusOf),
  paymentStatus: z.unknown().optional().transform(paymentStatusOf),
  trackingNumber: trackingNumberSchema.optional(),
  carrier: carrierSchema.optional(),
});

/** The interpretation of schema.org readings, shared by the JSON-LD and microdata adapters. */
export function schemaOrgInterpreter(id: SchemaOrgAdapterId): AdapterInterpreter {
  return {
    id,
    interpret(reading, page, now, timeZone): Interpreted {
      if (reading.kind === "status") {
        const parsed = statusRawSchema.safeParse(reading.raw);
        if (!parsed.success) return { kind: "invalid", reason: `An order status on this page ${parsed.error.issues[0]?.message ?? "could not be read"}` };
        const { orderNumber, orderStatus, paymentStatus, trackingNumber = null, carrier = null } = parsed.data;
        const statuses: PassiveStatuses = { ...orderStatus, trackingNumber, carrier };
        if (paymentStatus) statuses.payment = paymentStatus;
        return { kind: "status", tradingId: orderNumber, reports: passiveReports(orderNumber, now, statuses) };
      }
      const text = z.string().max(MAX_JSON_LD_CHARS).safeParse(reading.raw);
      if (!text.success) return { kind: "invalid", reason: "An Order on this page could not be read" };
      const [outcome] = readOrders([text.data], { url: page.href }, now, timeZone);
      if (outcome === undefined) return { kind: "invalid", reason: "An Order on this page could not be read" };
      if (outcome.kind === "invalid") return outcome;
      return { kind: "order", order: { ...outcome.order, info: { ...outcome.order.info, adapter: id } } };
    },
  };
}

export const schemaOrgJsonLdInterpreter = schemaOrgInterpreter("schema-org-json-ld");
export const schemaOrgMicrodataInterpreter = schemaOrgInterpreter("schema-org-microdata");
