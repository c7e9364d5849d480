/**
 * Runs in the content script, so it stays tiny and dependency-free: it only collects the
 * JSON-LD text that might hold a schema.org Order; the background parses and validates it.
 */

const JSON_LD_TYPE = "application/ld+json";

/**
 * The text of every JSON-LD script that mentions "Order", in document order, stopping
 * before their total length would exceed maxTotalChars (a page cannot flood the background).
 */
export function collectJsonLdBlocks(doc: Document, maxTotalChars = 512_000): string[] {
  const blocks: string[] = [];
  let total = 0;
  for (const script of doc.querySelectorAll("script[type]")) {
    if (script.getAttribute("type")?.trim().toLowerCase() !== JSON_LD_TYPE) continue;
    const text = script.textContent ?? "";
    if (!text.includes("Order")) continue;
    if (total + text.length > maxTotalChars) break;
    total += text.length;
    blocks.push(text);
  }
  return blocks;
}
