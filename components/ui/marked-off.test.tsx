// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { markedOff } from "./marked-off";

afterEach(cleanup);

describe("markedOff", () => {
  it("leaves a control alone while it is in use", () => {
    const onClick = vi.fn();
    render(
      <button type="button" {...markedOff(false, onClick)}>
        Go
      </button>,
    );
    const button = screen.getByRole("button", { name: "Go" });
    expect(button.hasAttribute("aria-disabled")).toBe(false);
    fireEvent.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it("marks a control off without disabling it, keeping the focus on it and ignoring clicks", () => {
    const onClick = vi.fn();
    render(
      <button type="button" {...markedOff(true, onClick)}>
        Go
      </button>,
    );
    const button = screen.getByRole("button", { name: "Go" }) as HTMLButtonElement;
    button.focus();
    expect(button.disabled).toBe(false);
    expect(button.getAttribute("aria-disabled")).toBe("true");
    expect(fireEvent.click(button)).toBe(false);
    expect(onClick).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(button);
  });

  it("keeps a marked-off submit button from submitting its form", () => {
    const onSubmit = vi.fn((event: Event) => event.preventDefault());
    render(
      <form onSubmit={onSubmit}>
        <button type="submit" {...markedOff(true)}>
          Save
        </button>
      </form>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
