// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_SETTINGS, type Limit, type Settings } from "../lib/settings/schema";
import { COMMON_CURRENCIES } from "./currencies";
import { Options } from "./Options";

afterEach(cleanup);

const TEA = { origin: "https://tea.example", name: "Tea Shop" };
const BOOKS = { origin: "https://books.example", name: "Book Nook" };

function limit(overrides: Partial<Limit> = {}): Limit {
  return { id: "l1", amount: { currency: "EUR", minor: 50000 }, shopOrigin: null, period: "none", ...overrides };
}

function settingsWith(limits: Limit[], notifications = DEFAULT_SETTINGS.notifications): Settings {
  return { ...DEFAULT_SETTINGS, limits, notifications };
}

function renderOptions(
  settings: Settings,
  onSave = vi.fn<(settings: Settings) => Promise<void>>().mockResolvedValue(),
  shops = [TEA, BOOKS],
) {
  render(<Options settings={settings} shops={shops} onSave={onSave} />);
  return onSave;
}

const amountFields = (currency: string) => screen.getAllByLabelText(`Limit in ${currency}`) as HTMLInputElement[];
const amountField = (currency: string) => amountFields(currency)[0] as HTMLInputElement;
const selects = (label: string) => screen.getAllByLabelText(label) as HTMLSelectElement[];

function typeAmount(field: HTMLElement, text: string) {
  fireEvent.input(field, { target: { value: text } });
}

function choose(select: HTMLSelectElement | undefined, value: string) {
  if (!select) throw new Error("no such field");
  fireEvent.change(select, { target: { value } });
}

function save() {
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

/** The last settings passed to onSave. */
function saved(onSave: ReturnType<typeof renderOptions>): Settings {
  const call = onSave.mock.calls.at(-1);
  if (!call) throw new Error("not saved");
  return call[0];
}

/** The error text an invalid field points at through aria-describedby. */
function errorOf(field: HTMLElement): string | null {
  expect(field.getAttribute("aria-invalid")).toBe("true");
  const id = field.getAttribute("aria-describedby");
  return id === null ? null : (document.getElementById(id)?.textContent ?? null);
}

describe("Options: spending limits", () => {
  it("shows the existing limits with their currency, amount, shop and period", () => {
    renderOptions(
      settingsWith([
        limit(),
        limit({ id: "l2", amount: { currency: "JPY", minor: 20000 }, shopOrigin: TEA.origin, period: "calendar-week" }),
      ]),
    );
    expect(screen.getByRole("heading", { level: 1, name: "TradeWatch options" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Spending limits" })).toBeTruthy();
    expect(selects("Currency").map((select) => select.value)).toEqual(["EUR", "JPY"]);
    expect(amountField("EUR").value).toBe("500.00");
    expect(amountField("JPY").value).toBe("20000");
    expect(amountField("EUR").getAttribute("inputmode")).toBe("decimal");
    expect(selects("Shop").map((select) => select.value)).toEqual(["", TEA.origin]);
    expect(selects("Period").map((select) => select.value)).toEqual(["none", "calendar-week"]);
  });

  it("offers all shops or one of the ledger's, and every period in words", () => {
    renderOptions(settingsWith([limit()]));
    const shopOptions = [...(selects("Shop")[0]?.options ?? [])].map((option) => option.textContent);
    expect(shopOptions).toEqual(["All shops", "Tea Shop (tea.example)", "Book Nook (books.example)"]);
    const periodOptions = [...(selects("Period")[0]?.options ?? [])].map((option) => option.textContent);
    expect(periodOptions).toEqual(["No period — what is not settled yet", "Calendar month", "Last 30 days", "Calendar week"]);
  });

  it("keeps a limit on a shop no longer in the ledger, named by its host", () => {
    renderOptions(settingsWith([limit({ shopOrigin: "https://gone.example" })]), undefined, []);
    expect(selects("Shop")[0]?.value).toBe("https://gone.example");
    expect(within(selects("Shop")[0] as HTMLElement).getByText("gone.example (gone.example)")).toBeTruthy();
  });

  it("offers the common currencies first, then every other one once, and shows a saved uncommon one", () => {
    renderOptions(settingsWith([limit({ amount: { currency: "HUF", minor: 100000 } })]));
    const select = selects("Currency")[0] as HTMLSelectElement;
    expect(select.value).toBe("HUF");
    const codes = [...select.options].map((option) => option.value);
    expect(codes.slice(0, COMMON_CURRENCIES.length)).toEqual(COMMON_CURRENCIES);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...Intl.supportedValuesOf("currency")].sort());
    const group = select.querySelector("optgroup");
    expect(group?.label).toBe("All currencies");
    expect(within(group as HTMLElement).getByRole("option", { name: "INR" })).toBeTruthy();
    expect(within(group as HTMLElement).queryByRole("option", { name: "EUR" })).toBeNull();
  });

  it("saves a limit in a currency beyond the common ones", async () => {
    const onSave = renderOptions(settingsWith([]));
    fireEvent.click(screen.getByRole("button", { name: "Add a limit" }));
    choose(selects("Currency")[0], "INR");
    expect(selects("Currency")[0]?.value).toBe("INR");
    typeAmount(amountField("INR"), "5000.50");
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(saved(onSave).limits).toEqual([
      { id: expect.any(String), amount: { currency: "INR", minor: 500050 }, shopOrigin: null, period: "none" },
    ]);
  });

  it("saves the limits in minor units, keeping their ids, with the notification choices", async () => {
    const notifications = { warnings: true, deliveries: false, payments: true, commands: false };
    const onSave = renderOptions(settingsWith([limit()], notifications));
    typeAmount(amountField("EUR"), "250.5");
    choose(selects("Shop")[0], TEA.origin);
    choose(selects("Period")[0], "rolling-30-days");
    save();
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Saved."));
    expect(onSave).toHaveBeenCalledWith({
      ...DEFAULT_SETTINGS,
      limits: [limit({ amount: { currency: "EUR", minor: 25050 }, shopOrigin: TEA.origin, period: "rolling-30-days" })],
      notifications,
    });
  });

  it("adds a limit on what is not settled, in a currency without one, with a fresh id", async () => {
    const onSave = renderOptions(settingsWith([limit()]));
    fireEvent.click(screen.getByRole("button", { name: "Add a limit" }));
    expect(selects("Currency").map((select) => select.value)).toEqual(["EUR", "USD"]);
    expect(selects("Period").map((select) => select.value)).toEqual(["none", "none"]);
    expect(document.activeElement).toBe(amountField("USD"));
    typeAmount(amountField("USD"), "100");
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const [kept, added] = saved(onSave).limits;
    expect(kept).toEqual(limit());
    expect(added).toEqual({ id: expect.any(String), amount: { currency: "USD", minor: 10000 }, shopOrigin: null, period: "none" });
    expect(added?.id).not.toBe(kept?.id);
  });

  it("removes a limit, named fully for screen readers", async () => {
    const onSave = renderOptions(settingsWith([limit(), limit({ id: "l2", shopOrigin: TEA.origin, period: "calendar-month" })]));
    fireEvent.click(screen.getByRole("button", { name: "Remove EUR limit (Tea Shop · this month)" }));
    // Its button is gone; the focus is not lost with it.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Add a limit" })));
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(saved(onSave).limits).toEqual([limit()]);
  });

  it.each([
    ["EUR", "12.345", "Enter a plain number such as 500 or 499.99."],
    ["EUR", "12,50", "Enter a plain number such as 500 or 499.99."],
    ["EUR", "", "Enter an amount."],
    ["EUR", "-5", "A limit cannot be below zero."],
    ["JPY", "10.5", "Enter a plain number such as 500."],
    // Zeros past the currency's digits are refused too: "1.000" may be a thousand with grouping.
    ["EUR", "1.000", "Enter a plain number such as 500 or 499.99."],
    ["JPY", "500.0", "Enter a plain number such as 500."],
  ])("rejects %s %j next to the field and saves nothing", (currency, text, message) => {
    const onSave = renderOptions(settingsWith([limit({ amount: { currency, minor: 1000 } })]));
    typeAmount(amountField(currency), text);
    save();
    expect(errorOf(amountField(currency))).toBe(message);
    expect(document.activeElement).toBe(amountField(currency));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("refuses a German '1.000' (a thousand with a grouping point) rather than saving €1.00", () => {
    fakeBrowser.i18n.getUILanguage = () => "de";
    try {
      const onSave = renderOptions(settingsWith([limit()]));
      typeAmount(amountField("EUR"), "1.000");
      save();
      expect(errorOf(amountField("EUR"))).toBe("Enter a plain number such as 500 or 499,99.");
      expect(onSave).not.toHaveBeenCalled();
    } finally {
      fakeBrowser.i18n.getUILanguage = () => "en";
    }
  });

  it("allows one limit per currency, shop and period", async () => {
    const onSave = renderOptions(settingsWith([limit()]));
    fireEvent.click(screen.getByRole("button", { name: "Add a limit" }));
    choose(selects("Currency")[1], "EUR");
    typeAmount(amountFields("EUR")[1] as HTMLElement, "10");
    save();
    const period = selects("Period")[1] as HTMLSelectElement;
    expect(errorOf(period)).toBe("There is already a limit in EUR for this shop and period.");
    expect(document.activeElement).toBe(period);
    expect(selects("Period")[0]?.getAttribute("aria-invalid")).toBe("false");
    expect(onSave).not.toHaveBeenCalled();

    // Another period, or another shop, is another limit.
    choose(period, "calendar-month");
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    choose(period, "none");
    choose(selects("Shop")[1], BOOKS.origin);
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(2));
    expect(saved(onSave).limits.map((each) => [each.amount.currency, each.shopOrigin, each.period])).toEqual([
      ["EUR", null, "none"],
      ["EUR", BOOKS.origin, "none"],
    ]);
  });

  it("saves once the errors are fixed", async () => {
    const onSave = renderOptions(settingsWith([limit()]));
    typeAmount(amountField("EUR"), "abc");
    save();
    expect(errorOf(amountField("EUR"))).not.toBeNull();
    typeAmount(amountField("EUR"), "75");
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(saved(onSave).limits).toEqual([limit({ amount: { currency: "EUR", minor: 7500 } })]);
    expect(amountField("EUR").getAttribute("aria-invalid")).toBe("false");
    expect(amountField("EUR").getAttribute("aria-describedby")).toBeNull();
  });

  it("shows why saving failed as an alert", async () => {
    const onSave = vi.fn<(settings: Settings) => Promise<void>>().mockRejectedValue(new Error("Storage is full"));
    renderOptions(settingsWith([limit()]), onSave);
    save();
    expect((await screen.findByRole("alert")).textContent).toBe("Could not save: Storage is full");
    expect(screen.getByRole("status").textContent).toBe("");
  });
});

describe("Options: notifications", () => {
  it("shows the four kinds as checkboxes in a labelled group, and saves the choices with the limits", async () => {
    const onSave = renderOptions(settingsWith([limit()]));
    const group = screen.getByRole("group", { name: "Show a system notification for" });
    const boxes = within(group).getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.map((box) => [box.labels?.[0]?.textContent, box.checked])).toEqual([
      ["New warnings", true],
      ["Deliveries", true],
      ["Payments", true],
      ["Answers from shops", true],
    ]);
    expect(screen.getByLabelText("Answers from shops").getAttribute("aria-describedby")).not.toBeNull();
    fireEvent.click(screen.getByLabelText("Deliveries"));
    fireEvent.click(screen.getByLabelText("Payments"));
    fireEvent.click(screen.getByLabelText("Answers from shops"));
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(saved(onSave)).toEqual({
      ...DEFAULT_SETTINGS,
      limits: [limit()],
      notifications: { warnings: true, deliveries: false, payments: false, commands: false },
    });
  });

  it("has one Save for the whole page, and a change clears the Saved message", async () => {
    renderOptions(settingsWith([]));
    expect(screen.getAllByRole("button", { name: "Save" })).toHaveLength(1);
    save();
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Saved."));
    fireEvent.click(screen.getByLabelText("New warnings"));
    expect(screen.getByRole("status").textContent).toBe("");
  });
});

describe("Options: room for more", () => {
  it("renders further panels below the form", () => {
    render(
      <Options settings={DEFAULT_SETTINGS} shops={[]} onSave={vi.fn()}>
        <section aria-label="Backup">backup here</section>
      </Options>,
    );
    const main = screen.getByRole("main");
    expect(within(main).getByRole("region", { name: "Backup" })).toBe(main.lastElementChild);
  });
});

describe("Options with settings replaced from outside", () => {
  it("shows the new settings when the page hands over different ones (a backup imported)", () => {
    const onSave = vi.fn(async () => undefined);
    const first = { ...DEFAULT_SETTINGS, limits: [{ id: "a", amount: { minor: 5000, currency: "EUR" }, shopOrigin: null, period: "none" as const }] };
    const { rerender } = render(<Options settings={first} shops={[]} onSave={onSave} />);
    expect((screen.getByLabelText("Limit in EUR") as HTMLInputElement).value).toBe("50.00");
    const imported = { ...DEFAULT_SETTINGS, limits: [{ id: "b", amount: { minor: 12000, currency: "USD" }, shopOrigin: null, period: "calendar-month" as const }] };
    rerender(<Options settings={imported} shops={[]} onSave={onSave} />);
    expect(screen.queryByLabelText("Limit in EUR")).toBeNull();
    expect((screen.getByLabelText("Limit in USD") as HTMLInputElement).value).toBe("120.00");
  });
});

describe("Options: shop pages (adapters)", () => {
  it("shows one switch per adapter, on unless switched off, and saves the ones switched off", async () => {
    const onSave = renderOptions({ ...settingsWith([]), disabledAdapters: ["vendure"] });
    const group = screen.getByRole("group", { name: "Read orders from pages of" });
    const boxes = within(group).getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.map((box) => box.labels?.[0]?.textContent)).toEqual([
      "schema.org (JSON-LD)",
      "schema.org (microdata)",
      "Shopify",
      "WooCommerce",
      "Vendure",
    ]);
    expect(boxes.map((box) => box.checked)).toEqual([true, true, true, true, false]);
    fireEvent.click(within(group).getByLabelText("Shopify"));
    fireEvent.click(within(group).getByLabelText("Vendure"));
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledOnce());
    expect(saved(onSave).disabledAdapters).toEqual(["shopify"]);
  });
});
