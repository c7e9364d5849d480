// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PopupLoading } from "./PopupLoading";

afterEach(cleanup);

describe("PopupLoading", () => {
  it("says it is loading while the first read runs", () => {
    render(<PopupLoading error={null} onRetry={vi.fn()} />);
    expect(screen.getByText("Loading…")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows why the first read failed, instead of 'Loading…' forever, and reads again on 'Try again'", () => {
    const onRetry = vi.fn();
    render(<PopupLoading error="Could not read your orders: IndexedDB is blocked" onRetry={onRetry} />);
    expect(screen.getByRole("alert").textContent).toBe("Could not read your orders: IndexedDB is blocked");
    expect(screen.queryByText("Loading…")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});
