import { describe, expect, it } from "vitest";
import {
  DEFAULT_HISTORY_QUERY,
  filterHistory,
  historyCurrencies,
  historyShops,
  pageOf,
  sortHistory,
  type HistoryQuery,
  type HistorySort,
} from "./history-search";
import type { TradeSummary } from "./types";

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
});
const pot = aSummary({ tradingId: "GL-2", orderDate: "2026-09-20T08:00:00.000Z", total: { minor: 12000, currency: "EUR" }, itemText: "cast-iron pot" });
const gift = aSummary({ tradingId: "GL-3", orderDate: "2026-11-18T12:00:00.000Z", state: "failed", total: { minor: 1999, currency: "EUR" }, itemText: "gift card" });
const ROWS = [tea, mug, pot, gift];

const query = (overrides: Partial<HistoryQuery> = {}): HistoryQuery => ({ ...DEFAULT_HISTORY_QUERY, ...overrides });
const ids = (rows: TradeSummary[]) => rows.map((row) => row.tradingId);
/** As the view does it: sorted, then filtered. */
const searchHistory = (rows: TradeSummary[], q: HistoryQuery, timeZone: string) => filterHistory(sortHistory(rows, q.sort), q, timeZone);
const search = (overrides: Partial<HistoryQuery>, rows = ROWS, timeZone = "UTC") => ids(searchHistory(rows, query(overrides), timeZone));

describe("filterHistory after sortHistory", () => {
  it("lists every row, newest order first, with the default query", () => {
    expect(search({})).toEqual(["GL-3", "GL-1", "MW-7", "GL-2"]);
  });

  it("returns nothing for no rows", () => {
    expect(search({ text: "tea" }, [])).toEqual([]);
  });

  it("does not change the rows it is given", () => {
    const rows = [...ROWS];
    searchHistory(rows, query({ sort: { by: "total", direction: "asc" } }), "UTC");
    expect(rows).toEqual(ROWS);
  });
});

describe("the date range", () => {
  const at = (tradingId: string, orderDate: string) => aSummary({ tradingId, orderDate });
  const day = [
    at("before", "2026-11-15T23:59:59.999Z"),
    at("first", "2026-11-16T00:00:00.000Z"),
    at("last", "2026-11-16T23:59:59.999Z"),
    at("after", "2026-11-17T00:00:00.000Z"),
  ];

  it("includes the whole first and last day", () => {
    expect(search({ from: "2026-11-16", to: "2026-11-16" }, day).sort()).toEqual(["first", "last"]);
  });

  it("takes either bound alone", () => {
    expect(search({ from: "2026-11-16" }, day).sort()).toEqual(["after", "first", "last"]);
    expect(search({ to: "2026-11-16" }, day).sort()).toEqual(["before", "first", "last"]);
  });

  it("matches nothing when the range ends before it starts", () => {
    expect(search({ from: "2026-11-17", to: "2026-11-16" }, day)).toEqual([]);
  });

  it("reads days in the user's time zone", () => {
    const late = [at("late", "2026-11-16T23:30:00.000Z")];
    expect(search({ to: "2026-11-16" }, late, "UTC")).toEqual(["late"]);
    // 00:30 on 17 Nov in Berlin.
    expect(search({ to: "2026-11-16" }, late, "Europe/Berlin")).toEqual([]);
    expect(search({ from: "2026-11-17" }, late, "Europe/Berlin")).toEqual(["late"]);
    // 15:30 on 16 Nov in Los Angeles.
    expect(search({ from: "2026-11-16", to: "2026-11-16" }, late, "America/Los_Angeles")).toEqual(["late"]);
  });

  it("compares order dates written with an offset as instants", () => {
    // 23:00 UTC on 15 Nov.
    expect(search({ from: "2026-11-16" }, [at("offset", "2026-11-16T01:00:00+02:00")])).toEqual([]);
    expect(search({ to: "2026-11-15" }, [at("offset", "2026-11-16T01:00:00+02:00")])).toEqual(["offset"]);
  });

  it("starts a day at its first real minute when daylight saving time skips midnight", () => {
    // Havana jumps from 23:59 on 7 March 2026 to 01:00 on 8 March (05:00 UTC).
    const rows = [at("saturday", "2026-03-08T04:59:00.000Z"), at("sunday", "2026-03-08T05:00:00.000Z")];
    expect(search({ from: "2026-03-08" }, rows, "America/Havana")).toEqual(["sunday"]);
    expect(search({ to: "2026-03-07" }, rows, "America/Havana")).toEqual(["saturday"]);
  });

  it("ends the last day at the next midnight across a daylight saving change", () => {
    // Berlin: 29 March 2026 has 23 hours; 30 March starts at 22:00 UTC on the 29th.
    const rows = [at("in", "2026-03-29T21:59:59.999Z"), at("out", "2026-03-29T22:00:00.000Z")];
    expect(search({ from: "2026-03-29", to: "2026-03-29" }, rows, "Europe/Berlin")).toEqual(["in"]);
  });

  it("leaves a malformed stored date out of any range, and in when there is none", () => {
    const rows = [at("broken", "not a date")];
    expect(search({ from: "2000-01-01" }, rows)).toEqual([]);
    expect(search({}, rows)).toEqual(["broken"]);
  });

  it.each(["16/11/2026", "2026-11-31", "2026-1-5", ""])("refuses %j as a bound (a caller bug)", (bad) => {
    expect(() => searchHistory(ROWS, query({ from: bad }), "UTC")).toThrow(RangeError);
    expect(() => searchHistory(ROWS, query({ to: bad }), "UTC")).toThrow(RangeError);
  });
});

describe("the other conditions", () => {
  it("keeps one shop", () => {
    expect(search({ shopOrigin: "https://mugs.example" })).toEqual(["MW-7"]);
    expect(search({ shopOrigin: "https://nowhere.example" })).toEqual([]);
  });

  it("keeps the states asked for, and both when none is", () => {
    expect(search({ states: ["completed"] })).toEqual(["GL-1", "GL-2"]);
    expect(search({ states: ["failed"] })).toEqual(["GL-3", "MW-7"]);
    expect(search({ states: ["completed", "failed"] })).toEqual(search({ states: [] }));
    expect(search({ states: [] })).toHaveLength(4);
  });

  it("leaves out any state that is not the one asked for, finished or not", () => {
    const open = aSummary({ tradingId: "OPEN", state: "open" });
    expect(search({ states: ["completed"] }, [open, tea])).toEqual(["GL-1"]);
  });

  it("keeps one currency", () => {
    expect(search({ currency: "USD" })).toEqual(["MW-7"]);
    expect(search({ currency: "EUR" })).toEqual(["GL-3", "GL-1", "GL-2"]);
    expect(search({ currency: "JPY" })).toEqual([]);
  });

  it("applies amount bounds, both included, to totals in the chosen currency", () => {
    expect(search({ currency: "EUR", minAmount: 5997 })).toEqual(["GL-1", "GL-2"]);
    expect(search({ currency: "EUR", maxAmount: 5997 })).toEqual(["GL-3", "GL-1"]);
    expect(search({ currency: "EUR", minAmount: 2000, maxAmount: 12000 })).toEqual(["GL-1", "GL-2"]);
    expect(search({ currency: "EUR", minAmount: 12001 })).toEqual([]);
  });

  it("ignores amount bounds without a currency (amounts in two currencies do not compare)", () => {
    expect(search({ minAmount: 100_000, maxAmount: 1 })).toEqual(search({}));
  });

  it("finds text in item names, whatever its case", () => {
    expect(search({ text: "TEAPOT" })).toEqual(["GL-1"]);
    expect(search({ text: "Mug" })).toEqual(["MW-7"]);
    expect(search({ text: "iron p" })).toEqual(["GL-2"]);
  });

  it("finds text in the trading identifier, whatever its case", () => {
    expect(search({ text: "mw-" })).toEqual(["MW-7"]);
    expect(search({ text: "gl-2" })).toEqual(["GL-2"]);
  });

  it("treats blank text as no condition, and trims what is typed around it", () => {
    expect(search({ text: "" })).toHaveLength(4);
    expect(search({ text: "   " })).toHaveLength(4);
    expect(search({ text: "  gift " })).toEqual(["GL-3"]);
  });

  it("finds nothing for text in no item and no identifier", () => {
    expect(search({ text: "coffee" })).toEqual([]);
  });

  it("combines every condition", () => {
    const rows = [
      ...ROWS,
      aSummary({ tradingId: "GL-4", orderDate: "2026-11-17T10:00:00.000Z", total: { minor: 6000, currency: "EUR" }, itemText: "green tea" }),
      aSummary({ tradingId: "GL-5", orderDate: "2026-11-17T10:00:00.000Z", total: { minor: 6000, currency: "EUR" }, itemText: "green tea", state: "failed" }),
    ];
    const all: Partial<HistoryQuery> = {
      from: "2026-11-01",
      to: "2026-11-30",
      shopOrigin: "https://green-leaf.example",
      states: ["completed"],
      currency: "EUR",
      minAmount: 5000,
      maxAmount: 7000,
      text: "green",
    };
    expect(search(all, rows)).toEqual(["GL-4", "GL-1"]);
    expect(search({ ...all, to: "2026-11-16" }, rows)).toEqual(["GL-1"]);
    expect(search({ ...all, states: ["failed"] }, rows)).toEqual(["GL-5"]);
    expect(search({ ...all, maxAmount: 5999 }, rows)).toEqual(["GL-1"]);
    expect(search({ ...all, text: "pot" }, rows)).toEqual(["GL-1"]);
    expect(search({ ...all, shopOrigin: "https://mugs.example" }, rows)).toEqual([]);
  });
});

describe("sorting", () => {
  const sorted = (sort: HistorySort, rows = ROWS) => ids(sortHistory(rows, sort));

  it("sorts by order date either way", () => {
    expect(sorted({ by: "orderDate", direction: "desc" })).toEqual(["GL-3", "GL-1", "MW-7", "GL-2"]);
    expect(sorted({ by: "orderDate", direction: "asc" })).toEqual(["GL-2", "MW-7", "GL-1", "GL-3"]);
  });

  it("sorts order dates as instants, whatever their offset", () => {
    const rows = [
      aSummary({ tradingId: "late-utc", orderDate: "2026-11-16T10:00:00.000Z" }),
      aSummary({ tradingId: "early-offset", orderDate: "2026-11-16T11:00:00+05:00" }),
    ];
    expect(sorted({ by: "orderDate", direction: "asc" }, rows)).toEqual(["early-offset", "late-utc"]);
  });

  it("sorts totals within their currency (A to Z either way), then by amount", () => {
    expect(sorted({ by: "total", direction: "asc" })).toEqual(["GL-3", "GL-1", "GL-2", "MW-7"]);
    expect(sorted({ by: "total", direction: "desc" })).toEqual(["GL-2", "GL-1", "GL-3", "MW-7"]);
  });

  it("sorts by shop name, then origin", () => {
    const twin = aSummary({ tradingId: "TW-1", id: "https://a-mugs.example TW-1", shopOrigin: "https://a-mugs.example", shopName: "Mug World" });
    expect(sorted({ by: "shop", direction: "asc" }, [twin, ...ROWS])).toEqual(["GL-3", "GL-1", "GL-2", "TW-1", "MW-7"]);
    expect(sorted({ by: "shop", direction: "desc" }, [twin, ...ROWS])).toEqual(["MW-7", "TW-1", "GL-3", "GL-1", "GL-2"]);
  });

  it("sorts completed before failed, or after", () => {
    expect(sorted({ by: "state", direction: "asc" })).toEqual(["GL-1", "GL-2", "GL-3", "MW-7"]);
    expect(sorted({ by: "state", direction: "desc" })).toEqual(["GL-3", "MW-7", "GL-1", "GL-2"]);
  });

  it("breaks ties newest first, then by id, whatever order the rows came in", () => {
    const a = aSummary({ tradingId: "A", orderDate: "2026-11-10T00:00:00.000Z" });
    const b = aSummary({ tradingId: "B", orderDate: "2026-11-12T00:00:00.000Z" });
    const c = aSummary({ tradingId: "C", orderDate: "2026-11-12T00:00:00.000Z" });
    for (const rows of [[a, b, c], [c, b, a], [b, a, c]]) {
      expect(sorted({ by: "total", direction: "asc" }, rows)).toEqual(["B", "C", "A"]);
      expect(sorted({ by: "total", direction: "desc" }, rows)).toEqual(["B", "C", "A"]);
    }
  });

  it("sorts a malformed order date as the oldest", () => {
    const broken = aSummary({ tradingId: "broken", orderDate: "yesterday" });
    expect(sorted({ by: "orderDate", direction: "desc" }, [broken, tea, pot])).toEqual(["GL-1", "GL-2", "broken"]);
    expect(sorted({ by: "orderDate", direction: "asc" }, [tea, broken, pot])).toEqual(["broken", "GL-2", "GL-1"]);
  });

  it("filters in the order given, so sorting first or last gives the same", () => {
    const filtered = filterHistory(ROWS, query({ currency: "EUR" }), "UTC");
    expect(ids(filtered)).toEqual(["GL-1", "GL-2", "GL-3"]);
    for (const sort of [DEFAULT_HISTORY_QUERY.sort, { by: "total", direction: "asc" } as const]) {
      expect(ids(sortHistory(filtered, sort))).toEqual(search({ currency: "EUR", sort }));
    }
  });
});

describe("the pickers", () => {
  it("lists each shop once, named as on its latest order, sorted by name", () => {
    const renamed = aSummary({ tradingId: "GL-9", orderDate: "2026-12-01T00:00:00.000Z", shopName: "Green Leaf" });
    expect(historyShops([tea, mug, renamed, pot])).toEqual([
      { origin: "https://green-leaf.example", name: "Green Leaf" },
      { origin: "https://mugs.example", name: "Mug World" },
    ]);
    expect(historyShops([])).toEqual([]);
  });

  it("lists each currency once, A to Z", () => {
    expect(historyCurrencies(ROWS)).toEqual(["EUR", "USD"]);
    expect(historyCurrencies([])).toEqual([]);
  });
});

describe("pageOf", () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);

  it("gives the rows of a page and the number of pages", () => {
    expect(pageOf(rows, 1, 50)).toEqual({ rows: rows.slice(0, 50), page: 1, pages: 3 });
    expect(pageOf(rows, 2, 50).rows[0]).toBe(50);
    expect(pageOf(rows, 3, 50)).toEqual({ rows: rows.slice(100), page: 3, pages: 3 });
  });

  it("fills exactly full pages without an empty last one", () => {
    expect(pageOf(rows.slice(0, 100), 2, 50).pages).toBe(2);
  });

  it("keeps the page within the pages there are", () => {
    expect(pageOf(rows, 9, 50).page).toBe(3);
    expect(pageOf(rows, 0, 50).page).toBe(1);
    expect(pageOf(rows, -4, 50).rows[0]).toBe(0);
  });

  it("has one empty page for no rows", () => {
    expect(pageOf([], 1, 50)).toEqual({ rows: [], page: 1, pages: 1 });
    expect(pageOf([], 5, 50)).toEqual({ rows: [], page: 1, pages: 1 });
  });
});
