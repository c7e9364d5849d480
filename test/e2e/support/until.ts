import { setTimeout as delay } from "node:timers/promises";

/**
 * Waits for a condition that the browser cannot signal as an event (e.g. a registration made
 * by the worker): checks it every 50 ms and fails with a clear message after `timeoutMs`.
 */
export async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(50);
  }
}
