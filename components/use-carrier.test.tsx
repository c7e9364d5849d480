// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, renderHook, waitFor } from "@testing-library/preact";
import { useCarrier } from "./use-carrier";

afterEach(cleanup);

/** The hook's value once the number has been looked up (it is undefined until then). */
async function lookedUp(trackingNumber: string, carrierName: string | null, load?: Parameters<typeof useCarrier>[2]) {
  const { result } = renderHook(() => useCarrier(trackingNumber, carrierName, load));
  expect(result.current).toBeUndefined();
  await waitFor(() => expect(result.current).not.toBeUndefined());
  return result.current;
}

describe("useCarrier", () => {
  it("identifies a number's carrier after the first render, with its tracking page", async () => {
    expect(await lookedUp("1Z999AA10123456784", null)).toEqual({
      name: "UPS",
      code: "ups",
      trackingUrl: "https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=1Z999AA10123456784",
      valid: true,
    });
  });

  it("keeps a carrier it does not know as named, and places no number it cannot", async () => {
    expect(await lookedUp("TC-42", "Tiny Courier")).toEqual({ name: "Tiny Courier", code: null, trackingUrl: null, valid: true });
    expect(await lookedUp("XYZ-1", null)).toBeNull();
  });

  it("leaves the number unidentified, and says why in the console, when the formats cannot be loaded", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(await lookedUp("1Z999AA10123456784", null, () => Promise.reject(new Error("chunk gone")))).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("could not identify"), expect.objectContaining({ message: "chunk gone" }));
    warn.mockRestore();
  });
});
