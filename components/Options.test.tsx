// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import type { Money } from "../lib/domain/types";
import { Options } from "./Options";

afterEach(cleanup);

function renderOptions(limits: Money[], onSave = vi.fn<(limits: Money[]) => Promise<void>>().mockResolvedValue()) {
  render(<Options limits={limits} onSave={onSave} />);
  return onSave;
}

function amountField(currency: string): HTMLInputElement {
  return screen.getByLabelText(`Limit in ${currency}`) as HTMLInputElement;
}

function currencyFields(): HTMLSelectElement[] {
  return screen.getAllByLabelText("Currency") as HTMLSelectElement[];
}

function typeAmount(currency: string, text: string) {
  fireEvent.input(amountField(currency), { target: { value: text } });
}

function save() {
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

/** The error text an invalid field points at through aria-describedby. */
function errorOf(field: HTMLElement): string | null {
  expect(field.getAttribute("aria-invalid")).toBe("true");
  const id = field.getAttribute("aria-describedby");
  return id === null ? null : (document.getElementById(id)?.textContent ?? null);
}

describe("Options", () => {
  it("shows the existing limits as decimals in their currency", () => {
    renderOptions([
      { currency: "EUR", minor: 50000 },
      { currency: "JPY", minor: 20000 },
    ]);
    expect(screen.getByRole("heading", { level: 1, name: "TradeWatch options" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Spending limits" })).toBeTruthy();
    expect(currencyFields().map((select) => select.value)).toEqual(["EUR", "JPY"]);
    expect(amountField("EUR").value).toBe("500.00");
    expect(amountField("JPY").value).toBe("20000");
    expect(amountField("EUR").getAttribute("inputmode")).toBe("decimal");
  });

  it("offers the common currencies plus any already limited", () => {
    renderOptions([{ currency: "HUF", minor: 100000 }]);
    const codes = [...(currencyFields()[0]?.options ?? [])].map((option) => option.value);
    expect(codes).toEqual(expect.arrayContaining(["EUR", "USD", "GBP", "JPY", "CHF", "CZK", "HUF"]));
  });

  it("saves the limits in minor units", async () => {
    const onSave = renderOptions([{ currency: "EUR", minor: 50000 }]);
    typeAmount("EUR", "250.5");
    save();
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Saved."));
    expect(onSave).toHaveBeenCalledWith([{ currency: "EUR", minor: 25050 }]);
  });

  it("adds a limit in a currency not yet used", async () => {
    const onSave = renderOptions([{ currency: "EUR", minor: 50000 }]);
    fireEvent.click(screen.getByRole("button", { name: "Add a limit" }));
    expect(currencyFields().map((select) => select.value)).toEqual(["EUR", "USD"]);
    expect(document.activeElement).toBe(amountField("USD"));
    typeAmount("USD", "100");
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave).toHaveBeenCalledWith([
      { currency: "EUR", minor: 50000 },
      { currency: "USD", minor: 10000 },
    ]);
  });

  it("removes a limit", async () => {
    const onSave = renderOptions([
      { currency: "EUR", minor: 50000 },
      { currency: "GBP", minor: 30000 },
    ]);
    fireEvent.click(screen.getByRole("button", { name: "Remove EUR limit" }));
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledWith([{ currency: "GBP", minor: 30000 }]));
  });

  it.each([
    ["EUR", "12.345", "Enter a plain number such as 500 or 499.99."],
    ["EUR", "12,50", "Enter a plain number such as 500 or 499.99."],
    ["EUR", "", "Enter an amount."],
    ["EUR", "-5", "A limit cannot be below zero."],
    ["JPY", "10.5", "Enter a plain number such as 500."],
  ])("rejects %s %j next to the field and saves nothing", (currency, text, message) => {
    const onSave = renderOptions([{ currency, minor: 1000 }]);
    typeAmount(currency, text);
    save();
    expect(errorOf(amountField(currency))).toBe(message);
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("allows one limit per currency", () => {
    const onSave = renderOptions([{ currency: "EUR", minor: 50000 }]);
    fireEvent.click(screen.getByRole("button", { name: "Add a limit" }));
    const second = currencyFields()[1];
    if (!second) throw new Error("no second row");
    fireEvent.change(second, { target: { value: "EUR" } });
    fireEvent.input(screen.getAllByLabelText("Limit in EUR")[1] as HTMLElement, { target: { value: "10" } });
    save();
    expect(errorOf(second)).toBe("There is already a limit for EUR.");
    expect(document.activeElement).toBe(second);
    expect(currencyFields()[0]?.getAttribute("aria-invalid")).toBe("false");
    expect(onSave).not.toHaveBeenCalled();
  });

  it("saves once the errors are fixed", async () => {
    const onSave = renderOptions([{ currency: "EUR", minor: 50000 }]);
    typeAmount("EUR", "abc");
    save();
    expect(errorOf(amountField("EUR"))).not.toBeNull();
    typeAmount("EUR", "75");
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledWith([{ currency: "EUR", minor: 7500 }]));
    expect(amountField("EUR").getAttribute("aria-invalid")).toBe("false");
    expect(amountField("EUR").getAttribute("aria-describedby")).toBeNull();
  });

  it("shows why saving failed as an alert", async () => {
    const onSave = vi.fn<(limits: Money[]) => Promise<void>>().mockRejectedValue(new Error("Storage is full"));
    renderOptions([{ currency: "EUR", minor: 50000 }], onSave);
    save();
    expect((await screen.findByRole("alert")).textContent).toBe("Could not save: Storage is full");
    expect(screen.getByRole("status").textContent).toBe("");
  });
});
