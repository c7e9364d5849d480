// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NOW } from "../lib/domain/test-trades";
import type { TradeSummary } from "../lib/domain/types";
import { HistoryView, type HistoryViewProps } from "./HistoryView";

afterEach(cleanup);

function aSummary(overrides: Partial<TradeSummary> & { tradingId: string }): TradeSummary {
  return {
    id: `https://green-leaf.example ${overrides.tradingId}`,
    shopOrigin: "https://green-leaf.example",
    shopName: "Green Leaf Tea",
    orderDate: "2026-11-16T09:30:00.000Z",
    state: "completed",
    stateSince: "2026-11-19T09:30:00.000Z",
    total: { minor: 5997, currency: "EUR" },
    itemText: "green tea",
    itemCount: 3,
    ...overrides,
  };
}

const tea = aSummary({ tradingId: "GL-1", orderDate: "2026-11-16T09:30:00.000Z", itemText: "green tea\nteapot" });
const mug = aSummary({
  tradingId: "MW-7",
  id: "https://mugs.example MW-7",
  shopOrigin: "https://mugs.example",
  shopName: "Mug World",
  orderDate: "2026-10-02T18:00:00.000Z",
  state: "failed",
  total: { minor: 1250, currency: "USD" },
  itemText: "blue mug",
  itemCount: 1,
});
const pot = aSummary({ tradingId: "GL-2", orderDate: "2026-09-20T08:00:00.000Z", total: { minor: 12000, currency: "EUR" }, itemText: "cast-iron pot" });
const ROWS = [tea, mug, pot];

/** `count` orders, one an hour back from NOW, so GL-0 is the newest. */
function many(count: number): TradeSummary[] {
  return Array.from({ length: count }, (_, i) =>
    aSummary({ tradingId: `GL-${i}`, orderDate: new Date(Date.parse(NOW) - i * 3_600_000).toISOString() }),
  );
}

function renderView(overrides: Partial<HistoryViewProps> = {}) {
  const props: HistoryViewProps = {
    rows: ROWS,
    now: NOW,
    timeZone: "UTC",
    optionsUrl: "chrome-extension://tradewatch/options.html",
    onExportCsv: vi.fn(async (rows: TradeSummary[]) => `Saved ${rows.length} orders to tradewatch-history.csv.`),
    onExportJson: vi.fn(async (rows: TradeSummary[]) => `Saved ${rows.length} orders to tradewatch-history.json.`),
    ...overrides,
  };
  const view = render(<HistoryView {...props} />);
  return { props, view };
}

const table = () => screen.getByRole("table");
/** The trading identifiers of the rows shown, top to bottom. */
const shownIds = () =>
  within(table())
    .getAllByRole("rowheader")
    .map((cell) => cell.textContent);
const caption = () => table().querySelector("caption")?.textContent;
const type = (label: string | RegExp, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const choose = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
/** The polite line outside the results that says what the search now finds, and what is wrong in it. */
const searchStatus = () =>
  screen
    .getAllByRole("status")
    .find((status) => status.closest("section") === null)?.textContent;
const columnHeader = (name: string) => screen.getByRole("columnheader", { name: new RegExp(`^${name}`) });

describe("HistoryView", () => {
  it("lists the finished orders newest first, with a count in the caption", () => {
    renderView();
    expect(screen.getByRole("heading", { level: 1, name: "Order history" })).toBeTruthy();
    expect(caption()).toBe("3 finished orders match");
    expect(shownIds()).toEqual(["GL-1", "MW-7", "GL-2"]);
    const mugRow = screen.getByRole("row", { name: /MW-7/ });
    expect(within(mugRow).getByText("Mug World")).toBeTruthy();
    expect(within(mugRow).getByText("Failed")).toBeTruthy();
    expect(within(mugRow).getByText("1 item")).toBeTruthy();
  });

  it("writes the count the English way, and agrees in number", () => {
    renderView({ rows: many(1234) });
    expect(caption()).toBe("1,234 finished orders match");
    type("Item or order number", "GL-1233");
    expect(caption()).toBe("1 finished order matches");
  });

  it("explains the empty history and links to where backups are imported", () => {
    renderView({ rows: [] });
    expect(screen.getByText(/No finished orders yet/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Import a backup" }).getAttribute("href")).toBe("chrome-extension://tradewatch/options.html");
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.queryByRole("search")).toBeNull();
  });

  it("shows a shop's name from the ledger as text, never as markup", () => {
    renderView({ rows: [aSummary({ tradingId: "X-1", shopName: '<img src=x onerror="globalThis.__twPwned=1">' })] });
    expect(screen.getByText('<img src=x onerror="globalThis.__twPwned=1">')).toBeTruthy();
    expect(table().querySelector("img")).toBeNull();
  });
});

describe("searching", () => {
  it("is a labelled search form", () => {
    renderView();
    expect(screen.getByRole("search", { name: "Search" })).toBeTruthy();
  });

  it("finds text in item names and order numbers, whatever its case", () => {
    renderView();
    type("Item or order number", "TEAPOT");
    expect(shownIds()).toEqual(["GL-1"]);
    type("Item or order number", "mw-");
    expect(shownIds()).toEqual(["MW-7"]);
    type("Item or order number", "");
    expect(shownIds()).toHaveLength(3);
  });

  it("keeps one shop", () => {
    renderView();
    const select = screen.getByLabelText("Shop") as HTMLSelectElement;
    expect([...select.options].map((option) => option.text)).toEqual(["All shops", "Green Leaf Tea (green-leaf.example)", "Mug World (mugs.example)"]);
    choose("Shop", "https://mugs.example");
    expect(shownIds()).toEqual(["MW-7"]);
  });

  it("keeps the states ticked, and both when none is", () => {
    renderView();
    fireEvent.click(screen.getByLabelText("Failed"));
    expect(shownIds()).toEqual(["MW-7"]);
    fireEvent.click(screen.getByLabelText("Completed"));
    expect(shownIds()).toHaveLength(3);
    fireEvent.click(screen.getByLabelText("Failed"));
    expect(shownIds()).toEqual(["GL-1", "GL-2"]);
  });

  it("searches by total only once a currency is chosen, and says so", () => {
    renderView();
    const least = screen.getByLabelText("At least") as HTMLInputElement;
    expect(least.disabled).toBe(true);
    expect(least.getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByText(/Choose a currency to search by total/)).toBeTruthy();

    choose("Currency", "EUR");
    expect(shownIds()).toEqual(["GL-1", "GL-2"]);
    expect(least.disabled).toBe(false);
    type("At least", "60");
    expect(shownIds()).toEqual(["GL-2"]);
    type("At least", "59.97");
    type("At most", "59.97");
    expect(shownIds()).toEqual(["GL-1"]);
  });

  it("points out an amount it cannot read, and leaves it out of the search", () => {
    renderView();
    choose("Currency", "EUR");
    type("At least", "19.999");
    const least = screen.getByLabelText("At least");
    expect(least.getAttribute("aria-invalid")).toBe("true");
    const error = screen.getByText("Enter an amount in EUR such as 19.99.");
    expect(least.getAttribute("aria-describedby")).toContain(error.id);
    expect(shownIds()).toEqual(["GL-1", "GL-2"]);
    // Nothing is submitted: the error is announced as it appears, with what the search finds.
    expect(searchStatus()).toBe("Enter an amount in EUR such as 19.99. 2 finished orders match");
    type("At least", "100");
    expect(least.getAttribute("aria-invalid")).toBe("false");
    expect(shownIds()).toEqual(["GL-2"]);
  });

  it("announces how many orders match as the search changes", () => {
    renderView();
    type("Item or order number", "GL-2");
    expect(caption()).toBe("1 finished order matches");
    expect(searchStatus()).toBe("1 finished order matches");
  });

  it("points out a largest total below the smallest", () => {
    renderView();
    choose("Currency", "EUR");
    type("At least", "100");
    type("At most", "10");
    expect(screen.getByText("The largest total is below the smallest.")).toBeTruthy();
    expect(screen.getByLabelText("At most").getAttribute("aria-invalid")).toBe("true");
  });

  it("keeps orders placed between two days, both included", () => {
    renderView();
    type("Ordered from", "2026-10-02");
    expect(shownIds()).toEqual(["GL-1", "MW-7"]);
    type("Ordered until", "2026-10-02");
    expect(shownIds()).toEqual(["MW-7"]);
  });

  it("reads the days in the user's time zone", () => {
    // 18:00 UTC on 2 Oct is 3 Oct in Tokyo.
    renderView({ timeZone: "Asia/Tokyo" });
    type("Ordered from", "2026-10-03");
    type("Ordered until", "2026-10-03");
    expect(shownIds()).toEqual(["MW-7"]);
  });

  it("points out a last day before the first", () => {
    renderView();
    type("Ordered from", "2026-11-01");
    type("Ordered until", "2026-10-01");
    expect(screen.getByText("The last day is before the first.")).toBeTruthy();
    expect(screen.getByLabelText("Ordered until").getAttribute("aria-invalid")).toBe("true");
  });

  it("says when nothing matches, and clears the search on request", () => {
    renderView();
    type("Item or order number", "coffee");
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByRole("heading", { name: "No finished order matches this search." })).toBeTruthy();
    expect(searchStatus()).toBe("No finished order matches this search.");
    expect((screen.getByRole("button", { name: "Export CSV" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(screen.getByRole("region", { name: "Results" })).getByRole("button", { name: "Clear the search" }));
    expect(shownIds()).toHaveLength(3);
    expect((screen.getByLabelText("Item or order number") as HTMLInputElement).value).toBe("");
  });
});

describe("sorting", () => {
  it("marks the sorted column with aria-sort, and sorts on a header button", () => {
    renderView();
    expect(columnHeader("Ordered").getAttribute("aria-sort")).toBe("descending");
    expect(columnHeader("Total").hasAttribute("aria-sort")).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Total" }));
    expect(columnHeader("Total").getAttribute("aria-sort")).toBe("descending");
    expect(columnHeader("Ordered").hasAttribute("aria-sort")).toBe(false);
    // Within each currency, largest first.
    expect(shownIds()).toEqual(["GL-2", "GL-1", "MW-7"]);

    fireEvent.click(screen.getByRole("button", { name: "Total" }));
    expect(columnHeader("Total").getAttribute("aria-sort")).toBe("ascending");
    expect(shownIds()).toEqual(["GL-1", "GL-2", "MW-7"]);
  });

  it("sorts names and states A to Z on the first click", () => {
    renderView();
    fireEvent.click(screen.getByRole("button", { name: "Shop" }));
    expect(columnHeader("Shop").getAttribute("aria-sort")).toBe("ascending");
    expect(shownIds()).toEqual(["GL-1", "GL-2", "MW-7"]);
    fireEvent.click(screen.getByRole("button", { name: "State" }));
    expect(shownIds()).toEqual(["GL-1", "GL-2", "MW-7"]);
    fireEvent.click(screen.getByRole("button", { name: "State" }));
    expect(shownIds()).toEqual(["MW-7", "GL-1", "GL-2"]);
  });

  it("sorts only what matches, and keeps the search", () => {
    renderView();
    choose("Currency", "EUR");
    fireEvent.click(screen.getByRole("button", { name: "Ordered" }));
    expect(shownIds()).toEqual(["GL-2", "GL-1"]);
  });
});

describe("paging", () => {
  it("shows 50 orders a page, with Previous and Next", () => {
    renderView({ rows: many(120) });
    const pages = screen.getByRole("navigation", { name: "Pages of results" });
    expect(within(pages).getByText("Page 1 of 3")).toBeTruthy();
    expect(shownIds()).toHaveLength(50);
    expect(shownIds()[0]).toBe("GL-0");
    const previous = within(pages).getByRole("button", { name: "Previous" });
    const next = within(pages).getByRole("button", { name: "Next" });
    expect(previous.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(previous);
    expect(within(pages).getByText("Page 1 of 3")).toBeTruthy();

    fireEvent.click(next);
    expect(within(pages).getByText("Page 2 of 3")).toBeTruthy();
    expect(shownIds()[0]).toBe("GL-50");
    fireEvent.click(next);
    expect(shownIds()).toHaveLength(20);
    expect(next.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(next);
    expect(within(pages).getByText("Page 3 of 3")).toBeTruthy();
    fireEvent.click(previous);
    expect(within(pages).getByText("Page 2 of 3")).toBeTruthy();
  });

  it("goes back to the first page when the search or the sort changes", () => {
    renderView({ rows: many(120) });
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    type("Item or order number", "GL-1");
    expect(screen.getByText("Page 1 of 1")).toBeTruthy();
    type("Item or order number", "");
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    fireEvent.click(screen.getByRole("button", { name: "Ordered" }));
    expect(screen.getByText("Page 1 of 3")).toBeTruthy();
    expect(shownIds()[0]).toBe("GL-119");
  });

  it("renders one page of 50,000 orders", () => {
    renderView({ rows: many(50_000) });
    expect(caption()).toBe("50,000 finished orders match");
    expect(within(table()).getAllByRole("row")).toHaveLength(51);
    expect(screen.getByText("Page 1 of 1,000")).toBeTruthy();
    type("Item or order number", "GL-4999");
    expect(caption()).toBe("11 finished orders match");
  });
});

describe("exporting", () => {
  it("exports every match as CSV, not only the page shown, and says where", async () => {
    const rows = many(120);
    const { props } = renderView({ rows });
    type("Item or order number", "GL-1");
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    const exported = vi.mocked(props.onExportCsv).mock.calls[0]?.[0] ?? [];
    expect(exported.map((row) => row.tradingId)).toEqual(shownIds());
    expect(exported.length).toBe(31);
    expect(await screen.findByText("Saved 31 orders to tradewatch-history.csv.")).toBeTruthy();
  });

  it("exports all matches across pages as JSON", async () => {
    const { props } = renderView({ rows: many(120) });
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    expect(vi.mocked(props.onExportJson).mock.calls[0]?.[0]).toHaveLength(120);
    expect((await within(screen.getByRole("region", { name: "Export" })).findByRole("status")).textContent).toMatch(/Saved 120 orders/);
    expect(props.onExportCsv).not.toHaveBeenCalled();
  });

  it("says how many orders an export takes", () => {
    renderView();
    fireEvent.click(screen.getByLabelText("Failed"));
    expect(screen.getByText(/Save the 1 matching order \(every page/)).toBeTruthy();
  });

  it("says that importing the JSON file adds the orders back without touching the others", () => {
    renderView();
    const region = screen.getByRole("region", { name: "Export" });
    expect(region.textContent).toContain(
      "importing it adds them back and leaves your other orders and your settings as they are.",
    );
  });

  it("shows why an export failed as an alert", async () => {
    renderView({ onExportJson: vi.fn(async () => Promise.reject(new Error("The ledger could not be read"))) });
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Could not export: The ledger could not be read");
  });

  it("turns the export buttons off while a file is prepared", async () => {
    let finish: (message: string) => void = () => undefined;
    const { props } = renderView({ onExportJson: vi.fn(() => new Promise<string>((resolve) => (finish = resolve))) });
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    expect((await screen.findByRole("button", { name: "Export CSV" })).getAttribute("aria-disabled")).toBe("true");
    expect(within(screen.getByRole("region", { name: "Export" })).getByRole("status").textContent).toBe("Preparing the file…");
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    expect(props.onExportCsv).not.toHaveBeenCalled();
    expect(props.onExportJson).toHaveBeenCalledTimes(1);
    finish("Saved.");
    await screen.findByText("Saved.");
    expect(screen.getByRole("button", { name: "Export CSV" }).hasAttribute("aria-disabled")).toBe(false);
  });
});
