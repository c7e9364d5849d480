import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";

/** An error that becomes an HTTP answer with this status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export type HeaderMap = Record<string, string>;

/** Bodies here are small forms and JSON documents; anything bigger is a mistake or abuse. */
const BODY_LIMIT = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new HttpError(413, `body larger than ${BODY_LIMIT} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body and validates it; an empty body counts as `{}` so optional bodies may be
 * left out. `extra` fields are laid over the body (the action a route names, for example).
 */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>, extra: object = {}): Promise<T> {
  const text = await readBody(req);
  let parsed: unknown;
  try {
    parsed = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, "body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "body must be a JSON object");
  }
  const result = schema.safeParse({ ...parsed, ...extra });
  if (!result.success) throw new HttpError(400, z.prettifyError(result.error));
  return result.data;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: HeaderMap = {}): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body), headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, "text/html; charset=utf-8", html, {});
}

export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: HeaderMap): void {
  res.writeHead(status, { ...headers, "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, "Content-Length": 0 });
  res.end();
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** Wraps a handler: parses the URL and turns thrown errors into JSON error answers. */
export function listener(handler: Handler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    handler(req, res, url).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
      else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  };
}

export async function postJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
}

/**
 * Real-time waits that can be cut short, so a "slow" fault never outlives the client that
 * waits for it or keeps the servers from closing.
 */
export class Waits {
  private readonly pending = new Set<() => void>();

  /** Resolves true after `ms`, or false when cancelled (the client went away, the servers close). */
  wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        this.pending.delete(cancel);
        res.off("close", cancel);
        resolve(elapsed);
      };
      const cancel = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.pending.add(cancel);
      res.on("close", cancel);
    });
  }

  cancelAll(): void {
    for (const cancel of [...this.pending]) cancel();
  }
}
