import Papa from "papaparse";
import { minorToDecimal } from "../domain/money";
import type { TradeSummary } from "../domain/types";

/**
 * The history view's selection as CSV for spreadsheets (seed 000 claim 8). Quoting is
 * papaparse's; a cell that starts with = + - @, a tab or a carriage return gets a leading
 * apostrophe, so that a shop's order text can never run as a spreadsheet formula.
 */

export const CSV_COLUMNS = ["Trading ID", "Shop", "Shop origin", "Order date", "State", "State since", "Total", "Currency", "Items"];

// Papaparse's own pattern ends in `.*$` without the s flag, so a cell such as "=cmd\n…" would slip through it.
const FORMULA_START = /^[=+\-@\t\r]/;

export function summariesToCsv(rows: TradeSummary[]): string {
  const data = rows.map((row) => [
    row.tradingId,
    row.shopName,
    row.shopOrigin,
    row.orderDate,
    row.state,
    row.stateSince,
    // Exact decimal text from the minor units: never through a float.
    minorToDecimal(row.total.minor, row.total.currency),
    row.total.currency,
    row.itemText,
  ]);
  // Papaparse writes CRLF line ends (RFC 4180) and quotes any cell with a comma, quote or line break.
  return Papa.unparse({ fields: CSV_COLUMNS, data }, { escapeFormulae: FORMULA_START });
}
