// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { EmptyState } from "./EmptyState";

afterEach(cleanup);

describe("EmptyState", () => {
  it("heads the state at the level asked for, with its text and action, the drawing hidden", () => {
    render(
      <EmptyState icon="orders" level={3} title="No orders yet" action={<button type="button">Try the demo shop</button>}>
        <p>Place an order at a shop you allowed.</p>
      </EmptyState>,
    );
    expect(screen.getByRole("heading", { level: 3, name: "No orders yet" })).toBeTruthy();
    expect(screen.getByText("Place an order at a shop you allowed.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Try the demo shop" })).toBeTruthy();
    expect(document.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("is a level-2 heading by default", () => {
    render(<EmptyState icon="search" title="Nothing matches" />);
    expect(screen.getByRole("heading", { level: 2, name: "Nothing matches" })).toBeTruthy();
    expect(document.querySelector(".empty-state-action")).toBeNull();
  });
});
