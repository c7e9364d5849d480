import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { onStoredValueChanged } from "./storage-changes";

beforeEach(() => fakeBrowser.reset());

/** A read the test finishes by hand, to make checks end out of order. */
function manualRead() {
  const pending: { stored: unknown; finish: (value: string | undefined) => void }[] = [];
  const read = (stored: unknown) => new Promise<string | undefined>((finish) => pending.push({ stored, finish }));
  return { read, pending };
}

/** Lets settled reads hand their values on. */
const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("onStoredValueChanged", () => {
  it("reports what the read accepts, for its key only", async () => {
    const seen: string[] = [];
    onStoredValueChanged("key", async (stored) => (typeof stored === "string" ? stored.toUpperCase() : undefined), (value) => seen.push(value));
    await fakeBrowser.storage.local.set({ other: "x" });
    await fakeBrowser.storage.local.set({ key: 42 });
    await fakeBrowser.storage.local.set({ key: "a" });
    await settle();
    expect(seen).toEqual(["A"]);
  });

  it("never lets an older value overtake a newer one already reported", async () => {
    const { read, pending } = manualRead();
    const seen: string[] = [];
    onStoredValueChanged("key", read, (value) => seen.push(value));
    await fakeBrowser.storage.local.set({ key: "old" });
    await fakeBrowser.storage.local.set({ key: "new" });
    expect(pending.map((entry) => entry.stored)).toEqual(["old", "new"]);
    pending[1]?.finish("new");
    await settle();
    pending[0]?.finish("old");
    await settle();
    expect(seen).toEqual(["new"]);
  });

  it("reports nothing still being read once stopped", async () => {
    const { read, pending } = manualRead();
    const seen: string[] = [];
    const stop = onStoredValueChanged("key", read, (value) => seen.push(value));
    await fakeBrowser.storage.local.set({ key: "a" });
    stop();
    pending[0]?.finish("a");
    await fakeBrowser.storage.local.set({ key: "b" });
    await settle();
    expect(pending).toHaveLength(1);
    expect(seen).toEqual([]);
  });
});
