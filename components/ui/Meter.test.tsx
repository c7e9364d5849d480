// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { Meter } from "./Meter";

afterEach(cleanup);

describe("Meter", () => {
  it("is a native meter named by its label, with its range, regions and spoken value", () => {
    render(<Meter label="Groceries this month" value={9300} max={30000} valueText="€93.00 of €300.00" />);
    const meter = screen.getByLabelText("Groceries this month");
    expect(meter.tagName).toBe("METER");
    expect(["min", "max", "value", "low", "high", "optimum"].map((name) => meter.getAttribute(name))).toEqual([
      "0",
      "30000",
      "9300",
      "15000",
      "24000",
      "0",
    ]);
    expect(meter.getAttribute("aria-valuetext")).toBe("€93.00 of €300.00");
    expect(meter.closest(".meter")?.classList.contains("meter-over")).toBe(false);
  });

  it("marks an exceeded meter and shows its caption", () => {
    render(
      <Meter label="Limit" value={500} max={100} over>
        <p role="alert">Over by €4.00</p>
      </Meter>,
    );
    const meter = screen.getByLabelText("Limit");
    expect(meter.getAttribute("value")).toBe("500");
    expect(meter.closest(".meter")?.classList.contains("meter-over")).toBe(true);
    expect(screen.getByRole("alert").textContent).toBe("Over by €4.00");
  });

  it("gives each meter its own label", () => {
    render(
      <>
        <Meter label="First" value={1} max={2} />
        <Meter label="Second" value={2} max={2} />
      </>,
    );
    expect(screen.getByLabelText("First")).not.toBe(screen.getByLabelText("Second"));
  });
});
