import type { Money, OrderItem } from "./types";

/** One item of the order, its lines added up: a sku (or, without one, a name) repeated over lines is one item. */
interface Line {
  name: string;
  sku: string | null;
  quantity: number;
  unitPrice: Money | null;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Entries match a line by sku when both have one, otherwise by name. */
export function isItem(line: { sku: string | null; name: string }, entry: { sku: string | null; name: string | null }): boolean {
  if (line.sku !== null && entry.sku !== null) return line.sku === entry.sku;
  return entry.name !== null && sameName(line.name, entry.name);
}

/** Items with the same sku (or, without one, the same name) added up into one line. */
export function linesOf(items: readonly OrderItem[]): Line[] {
  const lines: Line[] = [];
  for (const item of items) {
    const same = lines.find((line) =>
      item.sku !== null ? line.sku === item.sku : line.sku === null && sameName(line.name, item.name),
    );
    if (same) same.quantity += item.quantity;
    else lines.push({ name: item.name, sku: item.sku, quantity: item.quantity, unitPrice: item.unitPrice });
  }
  return lines;
}
