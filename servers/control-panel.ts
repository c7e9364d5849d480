import { SOURCES } from "../lib/domain/types";
import { FAULT_KINDS, type ControlOrder } from "./control-api";
import { displayMoney, escapeHtml, page } from "./html";

const ORDER_ACTIONS = [
  ["authorize", "Authorize payment"],
  ["settle", "Settle payment"],
  ["fail-payment", "Fail payment"],
  ["refund", "Refund"],
  ["ship", "Ship"],
  ["deliver", "Deliver"],
  ["return", "Return"],
  ["cancel", "Cancel order"],
] as const;

const ADVANCES = [
  [3_600_000, "+1 hour"],
  [86_400_000, "+1 day"],
  [3 * 86_400_000, "+3 days"],
] as const;

// Sends each button's or form's JSON to the control API, then reloads to show the new state.
const SCRIPT = `
const result = document.getElementById("result");
async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (response.ok) { location.reload(); return; }
  const answer = await response.json().catch(() => ({}));
  result.textContent = "Not done: " + (answer.error ?? "HTTP " + response.status);
}
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-path]");
  if (button) post(button.dataset.path, JSON.parse(button.dataset.body ?? "{}"));
});
document.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  const body = {};
  for (const [name, value] of new FormData(form)) {
    if (value !== "") body[name] = form.elements[name].type === "number" ? Number(value) : value;
  }
  post(form.dataset.path, body);
});
`;

function options(values: readonly string[]): string {
  return values.map((value) => `<option>${escapeHtml(value)}</option>`).join("");
}

function button(label: string, path: string, body?: object): string {
  const data = body === undefined ? "" : ` data-body="${escapeHtml(JSON.stringify(body))}"`;
  return `<button type="button" class="secondary" data-path="${escapeHtml(path)}"${data}>${escapeHtml(label)}</button>`;
}

function orderSection(order: ControlOrder): string {
  const base = `/control/orders/${encodeURIComponent(order.tradingId)}`;
  const id = `order-${escapeHtml(order.tradingId)}`;
  const statuses = SOURCES.map(
    (source) => `<li>${source}: <strong>${escapeHtml(order.status[source] ?? "no record")}</strong>${
      order.faults[source] === "none" ? "" : ` <span class="muted">(fault: ${escapeHtml(order.faults[source])})</span>`
    }</li>`,
  ).join("");
  return `<section class="card" aria-labelledby="${id}">
<h2 id="${id}"><a href="/orders/${encodeURIComponent(order.tradingId)}">${escapeHtml(order.tradingId)}</a> · ${escapeHtml(displayMoney(order.total))}</h2>
<ul>${statuses}</ul>
<p>${ORDER_ACTIONS.map(([action, label]) => button(label, `${base}/${action}`)).join(" ")}</p>
<form data-path="${escapeHtml(`${base}/fault`)}">
  <label>Source <select name="source">${options(SOURCES)}</select></label>
  <label>Fault <select name="kind">${options(FAULT_KINDS)}</select></label>
  <label>Delay of slow answers (ms) <input type="number" name="delayMs" min="0" step="1"></label>
  <button type="submit" class="secondary">Set fault</button>
</form>
<form data-path="${escapeHtml(`${base}/schedule`)}">
  <label>Source <select name="source">${options(SOURCES)}</select></label>
  <label>Scheduled date (ISO-8601) <input type="text" name="scheduledAt" required placeholder="2026-11-20T10:00:00Z"></label>
  <button type="submit" class="secondary">Move scheduled date</button>
</form>
</section>`;
}

export function controlPanelPage(shopName: string, orders: readonly ControlOrder[], now: string): string {
  const list = orders.length === 0 ? `<p class="muted">No orders yet: place one in <a href="/">the shop</a>.</p>` : orders.map(orderSection).join("\n");
  return page(
    `Control panel – ${shopName}`,
    shopName,
    `<h1>Control panel</h1>
<p id="result" role="status" aria-live="polite"></p>
<section class="card" aria-labelledby="clock">
<h2 id="clock">Clock</h2>
<p>The servers' time: <time datetime="${escapeHtml(now)}">${escapeHtml(now)}</time></p>
<p>${ADVANCES.map(([ms, label]) => button(label, "/control/clock", { advanceMs: ms })).join(" ")}</p>
<form data-path="/control/clock">
  <label>Set the clock to (ISO-8601) <input type="text" name="now" required value="${escapeHtml(now)}"></label>
  <button type="submit" class="secondary">Set clock</button>
</form>
</section>
${list}
<script>${SCRIPT}</script>`,
  );
}
