// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import type { ReturnItem } from "../lib/domain/types";
import { ReturnForm, type ReturnFormProps } from "./ReturnForm";

afterEach(cleanup);

const RETURNABLE: ReturnItem[] = [
  { sku: "GT-1", name: "Green tea", quantity: 3 },
  { sku: null, name: "Tea pot", quantity: 1 },
];

function renderForm(props: Partial<ReturnFormProps> = {}) {
  const all: ReturnFormProps = {
    tradingId: "GL-1001",
    items: RETURNABLE,
    sending: false,
    onSubmit: vi.fn(),
    onCancel: vi.fn(),
    ...props,
  };
  render(<ReturnForm {...all} />);
  return all;
}

const form = () => screen.getByRole("form", { name: "Return items of order GL-1001" });
const field = (label: string) => within(form()).getByLabelText(label) as HTMLInputElement;
const reason = () => within(form()).getByLabelText("Reason") as HTMLSelectElement;
const submit = () => fireEvent.click(within(form()).getByRole("button", { name: /Send return request|Sending…/ }));

function errorOf(element: HTMLElement): string | null | undefined {
  expect(element.getAttribute("aria-invalid")).toBe("true");
  return document.getElementById(element.getAttribute("aria-describedby") ?? "")?.textContent;
}

describe("ReturnForm", () => {
  it("lists each returnable item with a labelled quantity from 0 to what can go back, the first focused", () => {
    renderForm();
    const tea = field("Green tea (up to 3)");
    expect([tea.value, tea.min, tea.max]).toEqual(["0", "0", "3"]);
    expect(field("Tea pot (up to 1)").max).toBe("1");
    expect(document.activeElement).toBe(tea);
    expect([...reason().options].map((option) => option.textContent)).toEqual([
      "Choose a reason",
      "Damaged or faulty",
      "Wrong item sent",
      "Not as described",
      "Does not fit",
      "No longer needed",
      "Arrived too late",
      "Other",
    ]);
  });

  it("asks for at least one item and a reason, and sends nothing until given", () => {
    const props = renderForm();
    submit();
    expect(errorOf(reason())).toBe("Choose a reason.");
    // The focused field, not only its group, says what is wrong with the list.
    expect(document.activeElement).toBe(field("Green tea (up to 3)"));
    for (const label of ["Green tea (up to 3)", "Tea pot (up to 1)"]) {
      expect(document.getElementById(field(label).getAttribute("aria-describedby") ?? "")?.textContent).toBe(
        "Choose at least one item to return.",
      );
    }
    expect(props.onSubmit).not.toHaveBeenCalled();
  });

  it.each(["4", "-1", "1.5", "two"])("refuses %j as a quantity of at most 3", (text) => {
    const props = renderForm();
    fireEvent.input(field("Green tea (up to 3)"), { target: { value: text } });
    fireEvent.change(reason(), { target: { value: "Wrong item sent" } });
    submit();
    expect(errorOf(field("Green tea (up to 3)"))).toBe("Enter a whole number from 0 to 3.");
    expect(props.onSubmit).not.toHaveBeenCalled();
  });

  it("asks for a description when the reason is Other, and sends it trimmed", () => {
    const props = renderForm();
    fireEvent.input(field("Tea pot (up to 1)"), { target: { value: "1" } });
    fireEvent.change(reason(), { target: { value: "other" } });
    submit();
    const other = field("Describe the reason");
    expect(errorOf(other)).toBe("Describe the reason.");
    expect(document.activeElement).toBe(other);
    expect(other.maxLength).toBe(500);
    fireEvent.input(other, { target: { value: "  Too strong for me " } });
    submit();
    expect(props.onSubmit).toHaveBeenCalledWith([{ sku: null, name: "Tea pot", quantity: 1 }], "Too strong for me");
  });

  it("sends only the items chosen, with the reason picked", () => {
    const props = renderForm();
    fireEvent.input(field("Green tea (up to 3)"), { target: { value: "2" } });
    fireEvent.change(reason(), { target: { value: "Damaged or faulty" } });
    submit();
    expect(props.onSubmit).toHaveBeenCalledWith([{ sku: "GT-1", name: "Green tea", quantity: 2 }], "Damaged or faulty");
    expect(reason().getAttribute("aria-invalid")).toBe("false");
  });

  it("waits while the request is on its way", () => {
    const props = renderForm({ sending: true });
    fireEvent.input(field("Green tea (up to 3)"), { target: { value: "1" } });
    fireEvent.change(reason(), { target: { value: "Damaged or faulty" } });
    const button = within(form()).getByRole("button", { name: "Sending…" });
    expect(button.getAttribute("aria-disabled")).toBe("true");
    submit();
    expect(props.onSubmit).not.toHaveBeenCalled();
  });

  it("says when nothing is left to return, offering only to close", () => {
    const props = renderForm({ items: [] });
    expect(form().textContent).toContain("Everything of this order has been returned already.");
    expect(within(form()).getAllByRole("button").map((button) => button.textContent)).toEqual(["Cancel"]);
    fireEvent.click(within(form()).getByRole("button", { name: "Cancel" }));
    expect(props.onCancel).toHaveBeenCalledTimes(1);
  });
});
