import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, it, expect } from "vitest";
import { Waits } from "./http";

function fakeResponse(): ServerResponse & EventEmitter {
  return new EventEmitter() as ServerResponse & EventEmitter;
}

describe("Waits", () => {
  it("resolves true once the time has passed", async () => {
    const waits = new Waits();
    expect(await waits.wait(5, fakeResponse())).toBe(true);
  });

  it("resolves false at once when cancelled, and forgets the wait", async () => {
    const waits = new Waits();
    const res = fakeResponse();
    const waiting = waits.wait(60_000, res);
    waits.cancelAll();
    expect(await waiting).toBe(false);
    expect(res.listenerCount("close")).toBe(0);
  });

  it("resolves false when the client goes away", async () => {
    const res = fakeResponse();
    const waiting = new Waits().wait(60_000, res);
    res.emit("close");
    expect(await waiting).toBe(false);
  });
});
