/**
 * Runs in the content script, so it stays tiny and dependency-free: it only collects the
 * JSON-LD text that might hold a schema.org Order; the background parses and validates it.
 */

const JSON_LD_TYPE = "application/ld+json";

/** The most blocks and characters one capture message carries (the background's schema enforces both). */
export const MAX_JSON_LD_BLOCKS = 50;
export const MAX_JSON_LD_CHARS = 512_000;

/**
 * The text of every JSON-LD script that mentions "Order", in document order, stopping
 * before their count or total length would exceed the limits (a page cannot flood the background).
 */
export function collectJsonLdBlocks(doc: Document, maxTotalChars = MAX_JSON_LD_CHARS): string[] {
  const blocks: string[] = [];
  let total = 0;
  for (const script of doc.querySelectorAll("script[type]")) {
    if (!isJsonLdType(script.getAttribute("type") ?? "")) continue;
    const text = script.textContent ?? "";
    if (!text.includes("Order")) continue;
    if (total + text.length > maxTotalChars || blocks.length === MAX_JSON_LD_BLOCKS) break;
    total += text.length;
    blocks.push(text);
  }
  return blocks;
}

/**
 * Whether a script's type is JSON-LD by its MIME essence: "application/ld+json; charset=utf-8"
 * is JSON-LD too, and the detector (type*="ld+json") already counts it a sign.
 */
function isJsonLdType(type: string): boolean {
  const semicolon = type.indexOf(";");
  return (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase() === JSON_LD_TYPE;
}
