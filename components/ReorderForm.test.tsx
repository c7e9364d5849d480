// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { MAX_REORDER_QUANTITY } from "../lib/domain/reorder";
import { aTrade } from "../lib/domain/test-trades";
import type { Trade } from "../lib/domain/types";
import { ReorderForm, type ReorderFormProps } from "./ReorderForm";

afterEach(cleanup);

const eur = (minor: number) => ({ minor, currency: "EUR" });

/** 3 × Green tea and a tea pot; the tea listed on two lines, as some pages do. */
const trade: Trade = aTrade({
  info: {
    items: [
      { name: "Green tea", sku: "GT-1", quantity: 2, unitPrice: eur(1999) },
      { name: "Tea pot", sku: null, quantity: 1, unitPrice: eur(3500) },
      { name: "Green tea", sku: "GT-1", quantity: 1, unitPrice: eur(1999) },
    ],
  },
});

function renderForm(props: Partial<ReorderFormProps> = {}) {
  const all: ReorderFormProps = { trade, sending: false, onSubmit: vi.fn(), onCancel: vi.fn(), ...props };
  render(<ReorderForm {...all} />);
  return all;
}

const form = () => screen.getByRole("form", { name: "Reorder items of order GL-1001" });
const field = (label: string) => within(form()).getByLabelText(label) as HTMLInputElement;
const submit = () => fireEvent.click(within(form()).getByRole("button", { name: /Order again|Ordering…/ }));

describe("ReorderForm", () => {
  it("lists each item once with the quantity first ordered", () => {
    renderForm();
    expect(field("Green tea (ordered 3)").value).toBe("3");
    expect(field("Tea pot (ordered 1)").value).toBe("1");
    expect(within(form()).getAllByRole("spinbutton")).toHaveLength(2);
    expect(document.activeElement).toBe(field("Green tea (ordered 3)"));
  });

  it("orders again what was ordered when nothing is changed", () => {
    const props = renderForm();
    submit();
    expect(props.onSubmit).toHaveBeenCalledWith([
      { sku: "GT-1", name: "Green tea", quantity: 3 },
      { sku: null, name: "Tea pot", quantity: 1 },
    ]);
  });

  it("sends changed quantities and leaves out the items set to 0", () => {
    const props = renderForm();
    fireEvent.input(field("Green tea (ordered 3)"), { target: { value: "0" } });
    fireEvent.input(field("Tea pot (ordered 1)"), { target: { value: "2" } });
    submit();
    expect(props.onSubmit).toHaveBeenCalledWith([{ sku: null, name: "Tea pot", quantity: 2 }]);
  });

  it("needs at least one item above 0", () => {
    const props = renderForm();
    fireEvent.input(field("Green tea (ordered 3)"), { target: { value: "0" } });
    fireEvent.input(field("Tea pot (ordered 1)"), { target: { value: "0" } });
    submit();
    // The focused field, not only its group, says what is wrong with the list.
    const tea = field("Green tea (ordered 3)");
    expect(document.activeElement).toBe(tea);
    expect(document.getElementById(tea.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Choose at least one item to order again",
    );
    expect(props.onSubmit).not.toHaveBeenCalled();
  });

  it.each(["1.5", String(MAX_REORDER_QUANTITY + 1), ""])("refuses %j as a quantity", (text) => {
    const props = renderForm();
    fireEvent.input(field("Tea pot (ordered 1)"), { target: { value: text } });
    submit();
    const tea = field("Tea pot (ordered 1)");
    expect(tea.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(tea.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      `Enter a whole number from 0 to ${MAX_REORDER_QUANTITY}.`,
    );
    expect(document.activeElement).toBe(tea);
    expect(props.onSubmit).not.toHaveBeenCalled();
  });

  it("waits while the order is on its way, and closes on Cancel", () => {
    const props = renderForm({ sending: true });
    expect(within(form()).getByRole("button", { name: "Ordering…" }).getAttribute("aria-disabled")).toBe("true");
    submit();
    expect(props.onSubmit).not.toHaveBeenCalled();
    fireEvent.click(within(form()).getByRole("button", { name: "Cancel" }));
    expect(props.onCancel).toHaveBeenCalledTimes(1);
  });

  it("closes on Escape, and leaves other keys to the fields", () => {
    const props = renderForm();
    const first = within(form()).getAllByRole("spinbutton")[0]!;
    fireEvent.keyDown(first, { key: "Enter" });
    expect(props.onCancel).not.toHaveBeenCalled();
    fireEvent.keyDown(first, { key: "Escape" });
    expect(props.onCancel).toHaveBeenCalledTimes(1);
  });
});
