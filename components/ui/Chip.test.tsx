// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { Chip } from "./Chip";

afterEach(cleanup);

describe("Chip", () => {
  it("says its status in words, the tone only as a class", () => {
    render(<Chip tone="attention">Payment failed</Chip>);
    const chip = screen.getByText("Payment failed");
    expect(chip.className).toBe("chip chip-attention");
  });
});
