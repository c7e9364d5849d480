import type { IncomingMessage, ServerResponse } from "node:http";
import { commandRequestSchema, type CommandReply, type CommandRequest } from "../lib/protocol/commands";
import { carryOut } from "./commands";
import { HttpError, readJson, sendJson, type HeaderMap } from "./http";
import type { ShopDeps } from "./shop";
import type { ShopOrder } from "./store";

export const COMMANDS_PATH = "/api/commands";

/** Like the status endpoint: the extension posts from its own origin with no cookies, so any origin may. */
const COMMAND_HEADERS: HeaderMap = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };

/**
 * `POST /api/commands` (docs/protocol.md, "Commands"): validates the request, answers a key
 * seen before from the idempotency record without doing anything again, applies the order's
 * command policy (simulated failures), and otherwise carries the command out and remembers
 * the answer. Every request about an order is logged on it for the control interface.
 */
export async function handleCommand(deps: ShopDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      ...COMMAND_HEADERS,
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "600",
    });
    res.end();
    return;
  }
  try {
    if (req.method !== "POST") throw new HttpError(405, `${req.method} is not allowed here`);
    if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
      throw new HttpError(415, "a command must be sent as application/json");
    }
    const request = await readJson(req, commandRequestSchema);
    await answer(deps, request, res);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    const headers = status === 405 ? { ...COMMAND_HEADERS, Allow: "POST, OPTIONS" } : COMMAND_HEADERS;
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) }, headers);
  }
}

async function answer(deps: ShopDeps, request: CommandRequest, res: ServerResponse): Promise<void> {
  const { store } = deps;
  const order = store.orders.get(request.tradingId);
  const log = (httpStatus: number, reply: CommandReply | null, replayed: boolean) => {
    store.stats.command(request.command, request.idempotencyKey, httpStatus !== 200 ? "failed" : replayed ? "replayed" : "answered");
    order?.received.push({
      at: deps.clock.now().toISOString(),
      command: request.command,
      idempotencyKey: request.idempotencyKey,
      transactionId: "transactionId" in request ? request.transactionId : null,
      personalInfo: "personalInfo" in request ? request.personalInfo : null,
      httpStatus,
      result: reply?.result ?? null,
      replayed,
    });
  };
  try {
    if (order !== undefined && takeOne(order, "failNext")) throw new HttpError(500, "simulated server failure");
    const remembered = store.commands.get(request.idempotencyKey);
    if (remembered !== undefined) {
      if (remembered.command !== request.command || remembered.tradingId !== request.tradingId) {
        const used = `a ${remembered.command} of order ${remembered.tradingId}`;
        throw new HttpError(422, `idempotency key ${request.idempotencyKey} was used for ${used}: use a new key for another command`);
      }
      const reply = await remembered.reply;
      log(200, reply, true);
      sendJson(res, 200, reply, COMMAND_HEADERS);
      return;
    }
    // Remembered before it is carried out, so a repeat that arrives meanwhile waits for this answer.
    const reply = carryOut(deps, order, request, deps.clock.now().getTime());
    store.commands.set(request.idempotencyKey, { command: request.command, tradingId: request.tradingId, reply });
    const done = await reply.catch((error: unknown) => {
      // Nothing took effect: the same key may carry the command again.
      store.commands.delete(request.idempotencyKey);
      throw error;
    });
    if (order !== undefined && takeOne(order, "loseNext")) {
      log(500, done, false);
      sendJson(res, 500, { error: "simulated failure after the command took effect" }, COMMAND_HEADERS);
      return;
    }
    log(200, done, false);
    sendJson(res, 200, done, COMMAND_HEADERS);
  } catch (error) {
    log(error instanceof HttpError ? error.status : 500, null, false);
    throw error;
  }
}

/** Counts down one of the policy's failures; true when this request is to fail. */
function takeOne(order: ShopOrder, failure: "failNext" | "loseNext"): boolean {
  if (order.commandPolicy[failure] === 0) return false;
  order.commandPolicy = { ...order.commandPolicy, [failure]: order.commandPolicy[failure] - 1 };
  return true;
}
