// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { DEFAULT_SETTINGS, type Limit } from "../lib/settings/schema";
import { currencyFor, Welcome, withFirstLimit, type WelcomeProps } from "./Welcome";

afterEach(cleanup);

function renderWelcome(overrides: Partial<WelcomeProps> = {}) {
  const props: WelcomeProps = {
    siteAccess: {
      access: { allSites: false, sites: [], pageLoads: false },
      error: null,
      onAllSites: vi.fn(),
      onStopTracking: vi.fn(),
      onAllowPageLoads: vi.fn(),
    },
    currency: "EUR",
    onSaveLimit: vi.fn(async () => undefined),
    demoShopUrl: null,
    hasSample: false,
    onAddSample: vi.fn(async () => undefined),
    onRemoveSample: vi.fn(async () => undefined),
    ...overrides,
  };
  const view = render(<Welcome {...props} />);
  return { props, rerender: (next: Partial<WelcomeProps>) => view.rerender(<Welcome {...props} {...next} />) };
}

const amountField = () => screen.getByRole("textbox", { name: /^Limit in / }) as HTMLInputElement;
const saveLimit = () => screen.getByRole("button", { name: "Save limit" });

describe("Welcome", () => {
  it("says what TradeWatch does, where the data lives, and offers the site-access choice", () => {
    const { props } = renderWelcome();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome to TradeWatch");
    for (const name of ["What it does", "Your data stays with you", "Sites", "Set a first spending limit", "Try it"]) {
      expect(screen.getByRole("heading", { name }), name).toBeTruthy();
    }
    expect(document.body.textContent).toContain(
      "Your orders stay in this browser. TradeWatch sends nothing anywhere except status requests to the shops, payment services and carriers of your own orders.",
    );
    fireEvent.click(screen.getByRole("checkbox", { name: "Detect orders on all sites" }));
    expect(props.siteAccess.onAllSites).toHaveBeenCalledWith(true);
  });

  it("refuses a missing or malformed amount, says why next to the field and saves nothing", async () => {
    const { props } = renderWelcome();
    fireEvent.click(saveLimit());
    await waitFor(() => expect(amountField().getAttribute("aria-invalid")).toBe("true"));
    const errorOf = () => document.getElementById(amountField().getAttribute("aria-describedby")!.split(" ")[0]!)?.textContent;
    expect(errorOf()).toBe("Enter an amount.");
    await waitFor(() => expect(document.activeElement).toBe(amountField()));
    fireEvent.input(amountField(), { target: { value: "12.345" } });
    fireEvent.click(saveLimit());
    await waitFor(() => expect(errorOf()).toBe("Enter a plain number such as 500 or 499.99."));
    expect(props.onSaveLimit).not.toHaveBeenCalled();
  });

  it("saves a first limit in the chosen currency and says so", async () => {
    const { props } = renderWelcome();
    fireEvent.change(screen.getByRole("combobox", { name: "Currency" }), { target: { value: "JPY" } });
    expect(amountField().labels?.[0]?.textContent).toBe("Limit in JPY");
    fireEvent.input(amountField(), { target: { value: "30000" } });
    fireEvent.submit(amountField().form!);
    expect(props.onSaveLimit).toHaveBeenCalledWith({ minor: 30000, currency: "JPY" });
    await waitFor(() => expect(document.body.textContent).toContain("Saved. TradeWatch warns you when your unpaid orders go over ¥30,000."));
    expect(amountField().getAttribute("aria-invalid")).toBe("false");
  });

  it("reads the amount as the options page does: a German decimal comma, and the example in German digits", async () => {
    fakeBrowser.i18n.getUILanguage = () => "de";
    try {
      const { props } = renderWelcome();
      fireEvent.input(amountField(), { target: { value: "1.000" } });
      fireEvent.click(saveLimit());
      await waitFor(() => expect(amountField().getAttribute("aria-invalid")).toBe("true"));
      expect(document.body.textContent).toContain("Enter a plain number such as 500 or 499,99.");
      fireEvent.input(amountField(), { target: { value: "499,99" } });
      fireEvent.click(saveLimit());
      expect(props.onSaveLimit).toHaveBeenCalledOnce();
      expect(props.onSaveLimit).toHaveBeenCalledWith({ minor: 49999, currency: "EUR" });
    } finally {
      fakeBrowser.i18n.getUILanguage = () => "en";
    }
  });

  it("shows why a limit could not be saved", async () => {
    renderWelcome({ onSaveLimit: vi.fn(async () => Promise.reject(new Error("Stored settings are not readable"))) });
    fireEvent.input(amountField(), { target: { value: "250" } });
    fireEvent.click(saveLimit());
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Could not save the limit: Stored settings are not readable"));
  });

  it("adds the sample order in the chosen currency, then offers to remove it from the same button", async () => {
    const { props, rerender } = renderWelcome();
    fireEvent.change(screen.getByRole("combobox", { name: "Currency" }), { target: { value: "USD" } });
    const button = screen.getByRole("button", { name: "See a sample order" });
    button.focus();
    fireEvent.click(button);
    expect(props.onAddSample).toHaveBeenCalledWith("USD");
    await waitFor(() => expect(document.body.textContent).toContain("A sample order is in your list"));
    rerender({ hasSample: true });
    const remove = screen.getByRole("button", { name: "Remove sample order" });
    expect(remove).toBe(button);
    expect(document.activeElement).toBe(remove);
    fireEvent.click(remove);
    expect(props.onRemoveSample).toHaveBeenCalledOnce();
    await waitFor(() => expect(document.body.textContent).toContain("The sample order was removed."));
  });

  it("shows why the sample could not be added, and offers nothing while the ledger is being read", async () => {
    const { rerender } = renderWelcome({ onAddSample: vi.fn(async () => Promise.reject(new Error("refused"))) });
    fireEvent.click(screen.getByRole("button", { name: "See a sample order" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Could not change the sample order: refused"));
    rerender({ hasSample: null });
    expect(screen.queryByRole("button", { name: /sample order/ })).toBeNull();
  });

  it("links the local demo shop only in a demo build", () => {
    const { rerender } = renderWelcome();
    expect(screen.queryByRole("link", { name: "Open the demo shop" })).toBeNull();
    rerender({ demoShopUrl: "http://127.0.0.1:4101/" });
    expect(screen.getByRole("link", { name: "Open the demo shop" }).getAttribute("href")).toBe("http://127.0.0.1:4101/");
  });
});

describe("withFirstLimit", () => {
  const limit = (currency: string, overrides: Partial<Limit> = {}): Limit => ({
    id: `id-${currency}`,
    amount: { minor: 100, currency },
    shopOrigin: null,
    period: "none",
    ...overrides,
  });

  it("adds a limit on what is not paid yet, over all shops", () => {
    expect(withFirstLimit(DEFAULT_SETTINGS, { minor: 5000, currency: "EUR" }, "new").limits).toEqual([
      { id: "new", amount: { minor: 5000, currency: "EUR" }, shopOrigin: null, period: "none" },
    ]);
  });

  it("replaces that limit when it is set again, keeping its id and every other limit", () => {
    const others = [limit("EUR", { period: "calendar-month", id: "month" }), limit("EUR", { shopOrigin: "https://tea.example", id: "tea" })];
    const settings = { ...DEFAULT_SETTINGS, limits: [limit("EUR"), ...others, limit("USD")] };
    expect(withFirstLimit(settings, { minor: 900, currency: "EUR" }, "new").limits).toEqual([
      { ...limit("EUR"), amount: { minor: 900, currency: "EUR" } },
      ...others,
      limit("USD"),
    ]);
  });
});

describe("currencyFor", () => {
  it.each([
    ["en", "USD"],
    ["en-GB", "GBP"],
    ["de", "EUR"],
    ["de-CH", "CHF"],
    ["ja", "JPY"],
    ["pt-BR", "EUR"],
  ])("%s → %s", (locale, currency) => {
    expect(currencyFor(locale)).toBe(currency);
  });
});
