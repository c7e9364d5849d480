import type { CaptureAnswer, ErrorReply } from "../messages/schema";
import { readPage } from "./adapters/registry";
import type { AdapterId, PageData } from "./adapters/types";
import { couldNotSaveBadge, type BadgeContent } from "./badge-content";
import { collectJsonLdBlocks } from "./json-ld-blocks";

/** How the content script talks to the background (injected so it can be tested without a browser). */
export type SendMessage = (message: unknown) => Promise<unknown>;

/**
 * What the background hands to the capture script (stage two), in the script's isolated world
 * under this key: which adapters' signs the page showed (in its markup or its address), which
 * the user switched off, what only the page's own world could read, and the version
 * diagnostics name.
 */
export const CAPTURE_HANDOFF_KEY = "__tradewatchCapture";

export interface CaptureHandoff {
  signs: AdapterId[];
  disabled: AdapterId[];
  pageData: PageData | null;
  version: string;
}

/*
 * The background injects the capture script while it puts the handoff together (which may need
 * the page's own world), not after (issue 7), so either may arrive first: the handoff waits under
 * the key for the script, or the script's resolver waits there for the handoff. Each is taken
 * once, so one handoff serves one script and a later injection into the same page never reads a
 * stale one.
 */

/** The capture script's side: the handoff, now or once it is given. */
export function takeHandoff(scope: Record<string, unknown> = globalThis as Record<string, unknown>): Promise<CaptureHandoff> {
  const given = scope[CAPTURE_HANDOFF_KEY];
  if (typeof given === "object" && given !== null) {
    delete scope[CAPTURE_HANDOFF_KEY];
    return Promise.resolve(given as CaptureHandoff);
  }
  return new Promise((resolve) => {
    scope[CAPTURE_HANDOFF_KEY] = resolve;
  });
}

/** The background's side, run in the capture script's isolated world (serialised: it may use nothing from outside). */
export function giveHandoff(key: string, handoff: CaptureHandoff, scope: Record<string, unknown> = globalThis as Record<string, unknown>): void {
  const waiting = scope[key];
  if (typeof waiting === "function") {
    delete scope[key];
    waiting(handoff);
  } else {
    scope[key] = handoff;
  }
}

/**
 * Each capture script leaves its run here, in its isolated world, where the page cannot see it:
 * the latest run of a page (a storefront that moves on without loading a page gets captured
 * again), so that whoever may enter that world, like the end-to-end tests, can wait until what
 * the page shows is settled instead of guessing how long a capture takes.
 */
export const CAPTURE_RUN_KEY = "__tradewatchCaptureRun";

export function keepRun(run: Promise<void>, scope: Record<string, unknown> = globalThis as Record<string, unknown>): Promise<void> {
  scope[CAPTURE_RUN_KEY] = run;
  return run;
}

/**
 * What a granted shop page shows (badge-content.ts captureBadge: the background composes it).
 * A page with nothing to read is not about an order: it shows nothing, and nothing is asked of
 * the background.
 */
export async function badgeForPage(doc: Document, handoff: CaptureHandoff, send: SendMessage): Promise<BadgeContent | null> {
  const blocks = collectJsonLdBlocks(doc);
  const { signs, disabled, pageData, version } = handoff;
  const readings = signs.length === 0 ? [] : readPage(doc, pageData, { disabled, signs, version });
  if (blocks.length === 0 && readings.length === 0) return null;
  const answer = (await sendRetrying(send, { type: "capture", blocks, readings })) as CaptureAnswer | ErrorReply;
  return "error" in answer ? couldNotSaveBadge(answer.error) : answer.badge;
}

export const SEND_ATTEMPTS = 3;

/**
 * The worker may be stopped while it handles a message; the message then fails. Capturing is
 * idempotent (one trade per order however often it is sent), so asking again is safe.
 */
async function sendRetrying(send: SendMessage, message: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(message);
    } catch (error) {
      if (attempt >= SEND_ATTEMPTS) throw error;
    }
  }
}
