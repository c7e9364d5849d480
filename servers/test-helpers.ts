import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Source } from "../lib/domain/types";
import { commandReplySchema, type CommandReply, type CommandRequest } from "../lib/protocol/commands";
import { statusReportSchema, statusRequestUrl, type StatusReport } from "../lib/protocol/status-report";
import type { ReferenceServers } from "./index";

/** Helpers shared by the servers' tests: real HTTP against servers started on free ports. */

export const FREE_PORTS = { shop: 0, payment: 0, delivery: 0 };
export const START = "2026-11-22T10:00:00.000Z";

export interface PlacedOrder {
  tradingId: string;
  html: string;
  // The JSON-LD is checked field by field against the contract, so it stays untyped here.
  order: Record<string, any>;
}

/** Posts the storefront form to `path` (`/checkout` places the order, `/checkout/review` shows the review page). */
export async function checkout(
  servers: ReferenceServers,
  form: Record<string, string | number>,
  path = "/checkout",
): Promise<Response> {
  const body = new URLSearchParams(Object.entries(form).map(([name, value]) => [name, String(value)]));
  return fetch(`${servers.urls.shop}${path}`, { method: "POST", body, redirect: "manual" });
}

/** Orders through the storefront form and follows the redirect to the confirmation page. */
export async function placeOrder(servers: ReferenceServers, form: Record<string, string | number>): Promise<PlacedOrder> {
  const response = await checkout(servers, form);
  expect(response.status).toBe(303);
  const location = response.headers.get("location") ?? "";
  const match = /^\/orders\/([A-Z]+-\d{6})$/.exec(location);
  expect(match, `redirect to ${location}`).not.toBeNull();
  const page = await fetch(new URL(location, servers.urls.shop));
  expect(page.status).toBe(200);
  const html = await page.text();
  return { tradingId: match?.[1] ?? "", html, order: jsonLd(html) };
}

export function jsonLdBlocks(html: string): string[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
}

export function jsonLd(html: string): Record<string, any> {
  const blocks = jsonLdBlocks(html);
  expect(blocks).toHaveLength(1);
  return JSON.parse(blocks[0] ?? "") as Record<string, any>;
}

export function statusUrl(servers: ReferenceServers, source: Source, tradingId: string, at?: string): string {
  const endpoint = `${servers.urls[source]}/api/status`;
  return at === undefined ? `${endpoint}?tradingId=${encodeURIComponent(tradingId)}` : statusRequestUrl(endpoint, tradingId, at);
}

/** Asks a status endpoint and checks the answer is a valid report from that source. */
export async function status<S extends Source>(
  servers: ReferenceServers,
  source: S,
  tradingId: string,
  at?: string,
): Promise<Extract<StatusReport, { source: S }>> {
  const response = await fetch(statusUrl(servers, source, tradingId, at));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const report = statusReportSchema.parse(await response.json());
  expect(report.source).toBe(source);
  return report as Extract<StatusReport, { source: S }>;
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** Posts a command request body as JSON to the shop's command endpoint. */
export function postCommand(servers: ReferenceServers, body: unknown): Promise<Response> {
  return fetch(`${servers.urls.shop}/api/commands`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Sends a command with a fresh idempotency key (unless `fields` brings one) and checks the answer is a valid 200 reply. */
export async function command(
  servers: ReferenceServers,
  tradingId: string,
  fields: Record<string, unknown> & { command: CommandRequest["command"] },
): Promise<CommandReply> {
  const response = await postCommand(servers, { tradewatch: 1, tradingId, idempotencyKey: randomUUID(), ...fields });
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe("*");
  return commandReplySchema.parse(body);
}
