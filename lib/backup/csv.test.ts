import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { TradeSummary } from "../domain/types";
import { CSV_COLUMNS, summariesToCsv } from "./csv";

function aSummary(overrides: Partial<TradeSummary> = {}): TradeSummary {
  return {
    id: "https://green-leaf.example GL-1001",
    tradingId: "GL-1001",
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

/** The CSV read back as a spreadsheet would: rows of cells. */
function cells(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv);
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const onlyRow = (csv: string) => cells(csv)[1] as string[];
const column = (name: string) => CSV_COLUMNS.indexOf(name);

describe("summariesToCsv", () => {
  it("writes a header row and one row per order, in the order given", () => {
    const csv = summariesToCsv([aSummary(), aSummary({ tradingId: "GL-1002", state: "failed" })]);
    expect(csv.split("\r\n")).toEqual([
      "Trading ID,Shop,Shop origin,Order date,State,State since,Total,Currency,Items",
      "GL-1001,Green Leaf Tea,https://green-leaf.example,2026-11-16T09:30:00.000Z,completed,2026-11-19T09:30:00.000Z,59.97,EUR,green tea",
      "GL-1002,Green Leaf Tea,https://green-leaf.example,2026-11-16T09:30:00.000Z,failed,2026-11-19T09:30:00.000Z,59.97,EUR,green tea",
    ]);
  });

  it("writes only the header for no orders", () => {
    expect(summariesToCsv([])).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
  });

  it.each([
    [{ minor: 5997, currency: "EUR" }, "59.97"],
    [{ minor: 5, currency: "EUR" }, "0.05"],
    [{ minor: 1500, currency: "JPY" }, "1500"],
    [{ minor: 12345, currency: "BHD" }, "12.345"],
    [{ minor: Number.MAX_SAFE_INTEGER, currency: "EUR" }, "90071992547409.91"],
  ])("writes the total %j as the exact decimal %s, with its currency", (total, decimal) => {
    const row = onlyRow(summariesToCsv([aSummary({ total })]));
    expect(row[column("Total")]).toBe(decimal);
    expect(row[column("Currency")]).toBe(total.currency);
  });

  it("quotes commas, quotes and line breaks so that every cell reads back whole", () => {
    const tricky = aSummary({
      tradingId: 'GL "special", 1',
      shopName: "Tea, Cups & Co",
      itemText: 'green tea\nmug, "large"\r\nlid',
    });
    const csv = summariesToCsv([tricky]);
    expect(csv).toContain('"GL ""special"", 1"');
    expect(csv).toContain('"Tea, Cups & Co"');
    expect(cells(csv)).toHaveLength(2);
    const row = onlyRow(csv);
    expect(row[column("Trading ID")]).toBe('GL "special", 1');
    expect(row[column("Shop")]).toBe("Tea, Cups & Co");
    expect(row[column("Items")]).toBe('green tea\nmug, "large"\r\nlid');
  });

  it.each([
    ["=HYPERLINK(\"https://evil.example\",\"Click\")"],
    ["+1+cmd|' /C calc'!A0"],
    ["-2+3"],
    ["@SUM(A1:A9)"],
    ["\t=1+1"],
    ["\r=1+1"],
    ["=1+1\nsecond line"],
  ])("neutralises %j with a leading apostrophe in every text column", (formula) => {
    const row = onlyRow(summariesToCsv([aSummary({ tradingId: formula, shopName: formula, itemText: formula })]));
    for (const name of ["Trading ID", "Shop", "Items"]) expect(row[column(name)]).toBe(`'${formula}`);
  });

  it("leaves text with a formula character further in alone", () => {
    const row = onlyRow(summariesToCsv([aSummary({ tradingId: "A=1", shopName: "Tea + Co", itemText: "e-mail@ voucher" })]));
    expect(row.slice(0, 2)).toEqual(["A=1", "Tea + Co"]);
    expect(row[column("Items")]).toBe("e-mail@ voucher");
  });
});
