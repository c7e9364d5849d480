import type { Money } from "../lib/domain/types";
import { formatMoney } from "../lib/domain/money";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** JSON that cannot end a <script> element or open a comment inside it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

/** Prices as people in the shop's market read them. */
export function displayMoney(money: Money): string {
  return formatMoney(money, "en-IE");
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; color: #1f2328; background: #f6f8fa; }
  body { margin: 0; }
  header { background: #1f4e3d; color: #fff; padding: 1rem 1.5rem; }
  header a { color: #fff; text-decoration: none; font-weight: 600; font-size: 1.25rem; }
  main { max-width: 52rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  .card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  input, select { font: inherit; padding: 0.25rem 0.4rem; border: 1px solid #8c959f; border-radius: 4px; }
  input[type=number] { width: 5rem; }
  form + form { margin-top: 0.75rem; }
  label { margin-right: 0.5rem; }
  button { font: inherit; padding: 0.4rem 0.9rem; border-radius: 6px; border: 1px solid #1f4e3d; background: #1f4e3d; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1f4e3d; }
  button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid #e3b341; outline-offset: 2px; }
  .error { border-color: #cf222e; background: #ffebe9; }
  .muted { color: #57606a; }
  code { font-family: ui-monospace, monospace; }
`;

/** A complete page: `body` is HTML the caller has already escaped. */
export function page(title: string, heading: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="/">${escapeHtml(heading)}</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}
