import { COMMAND_NAMES, SOURCES } from "../lib/domain/types";
import { FAULT_KINDS, STATUSES_OF, type ControlOrder, type StatusStats } from "./control-api";
import { displayMoney, escapeHtml, page } from "./html";

const ORDER_ACTIONS = [
  ["authorize", "Authorize payment"],
  ["settle", "Settle payment"],
  ["charge", "Charge again"],
  ["fail-payment", "Fail payment"],
  ["refund", "Refund all paid"],
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
    const input = form.querySelector('[name="' + name + '"]');
    if (input.dataset.list !== undefined) (body[name] ??= []).push(value);
    else if (value !== "") body[name] = input.type === "number" ? Number(value) : input.type === "checkbox" ? true : value;
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

/** One button per line taking one off its quantity (dropping the line at 0), while a line would remain. */
function contentButtons(order: ControlOrder, path: string): string {
  return order.items
    .filter((item) => item.sku !== null && (item.quantity > 1 || order.items.length > 1))
    .map((item) => {
      const items = order.items
        .map(({ sku, quantity }) => ({ sku, quantity: sku === item.sku ? quantity - 1 : quantity }))
        .filter(({ quantity }) => quantity > 0);
      return button(`One less ${item.name}`, path, { items });
    })
    .join(" ");
}

function statusOptions(): string {
  return SOURCES.map((source) => `<optgroup label="${source}">${options(STATUSES_OF[source])}</optgroup>`).join("");
}

/** The order's command side: outcome, hold, returns and the command policy, with their actions. */
function commandSection(order: ControlOrder, base: string): string {
  const { hold, commandPolicy: policy } = order;
  const waiting =
    order.deferred === null
      ? ""
      : ` (accepted, to ${order.deferred === "complete" ? "complete" : "cancel"}) ${button("Carry out the accepted outcome", `${base}/complete-outcome`)}`;
  const held =
    hold === null
      ? "none"
      : `transaction <code>${escapeHtml(hold.transactionId)}</code> to ${escapeHtml(hold.intent)}, until ${escapeHtml(hold.expiresAt)}`;
  const facts = `<li>outcome: <strong>${escapeHtml(order.outcome ?? "none yet")}</strong>${waiting}</li><li>hold: ${held}</li>`;
  const returns = order.returns
    .map((r) => {
      const id = { returnId: r.returnId };
      const actions = [
        r.status === "accepted" ? button(`Mark ${r.returnId} received`, `${base}/receive-return`, id) : "",
        r.status === "accepted" || r.status === "received" ? button(`Refund ${r.returnId}`, `${base}/refund-return`, id) : "",
      ].join(" ");
      const amount = r.refundAmount === null ? "" : ` · ${escapeHtml(displayMoney(r.refundAmount))}`;
      return `<li>${escapeHtml(r.returnId)}: <strong>${escapeHtml(r.status)}</strong>${amount} ${actions}</li>`;
    })
    .join("");
  const refuse = COMMAND_NAMES.map(
    (name) => `<label><input type="checkbox" name="refuse" value="${name}" data-list${policy.refuse.includes(name) ? " checked" : ""}> ${name}</label>`,
  ).join(" ");
  return `<ul>${facts}</ul>
${returns === "" ? "" : `<p class="muted">Returns:</p><ul>${returns}</ul>`}
<p><a href="${escapeHtml(`${base}/commands`)}">Command requests received (JSON)</a></p>
<form data-path="${escapeHtml(`${base}/command-policy`)}">
  <fieldset><legend>Refuse these commands</legend>${refuse}</fieldset>
  <label>Refusal message <input type="text" name="message" value="${escapeHtml(policy.message ?? "")}"></label>
  <label>Fail the next requests (500, nothing done) <input type="number" name="failNext" min="0" step="1" value="${policy.failNext}"></label>
  <label>Lose the next replies (done, then 500) <input type="number" name="loseNext" min="0" step="1" value="${policy.loseNext}"></label>
  <label><input type="checkbox" name="defer"${policy.defer ? " checked" : ""}> Answer "accepted" and give the outcome later</label>
  <button type="submit" class="secondary">Set command policy</button>
</form>`;
}

function orderSection(order: ControlOrder, stats: StatusStats): string {
  const base = `/control/orders/${encodeURIComponent(order.tradingId)}`;
  const id = `order-${escapeHtml(order.tradingId)}`;
  const requests = stats.byOrder[order.tradingId];
  const statuses = SOURCES.map(
    (source) => `<li>${source}: <strong>${escapeHtml(order.status[source] ?? "no record")}</strong>${
      order.faults[source] === "none" ? "" : ` <span class="muted">(fault: ${escapeHtml(order.faults[source])})</span>`
    } <span class="muted">· requests: ${requests?.[source].requests ?? 0}, not modified: ${requests?.[source].notModified ?? 0}</span></li>`,
  ).join("");
  const lines = order.items
    .map((item) => `<li>${item.quantity} × ${escapeHtml(item.name)}${item.unitPrice === null ? "" : ` at ${escapeHtml(displayMoney(item.unitPrice))}`}</li>`)
    .join("");
  return `<section class="card" aria-labelledby="${id}">
<h2 id="${id}"><a href="/orders/${encodeURIComponent(order.tradingId)}">${escapeHtml(order.tradingId)}</a> · ${escapeHtml(displayMoney(order.total))}</h2>
<ul>${statuses}</ul>
<p class="muted">What the shop holds now:</p>
<ul>${lines}</ul>
<p>${ORDER_ACTIONS.map(([action, label]) => button(label, `${base}/${action}`)).join(" ")}</p>
<p>${contentButtons(order, `${base}/change-contents`)}</p>
${commandSection(order, base)}
<form data-path="${escapeHtml(`${base}/ship`)}">
  <label>Tracking number <input type="text" name="trackingNumber" placeholder="a valid UPS number"></label>
  <label>Carrier <input type="text" name="carrier" placeholder="UPS"></label>
  <button type="submit" class="secondary">Ship with these</button>
</form>
<form data-path="${escapeHtml(`${base}/set-status`)}">
  <label>Source <select name="source">${options(SOURCES)}</select></label>
  <label>Status <select name="status">${statusOptions()}</select></label>
  <button type="submit" class="secondary">Force status</button>
</form>
<form data-path="${escapeHtml(`${base}/fault`)}">
  <label>Source <select name="source">${options(SOURCES)}</select></label>
  <label>Fault <select name="kind">${options(FAULT_KINDS)}</select></label>
  <label>Delay of slow answers (ms) <input type="number" name="delayMs" min="0" step="1"></label>
  <label>Retry-After of rate-limit answers (s) <input type="number" name="retryAfterSeconds" min="0" step="1"></label>
  <button type="submit" class="secondary">Set fault</button>
</form>
<form data-path="${escapeHtml(`${base}/schedule`)}">
  <label>Source <select name="source">${options(SOURCES)}</select></label>
  <label>Scheduled date (ISO-8601) <input type="text" name="scheduledAt" required placeholder="2026-11-20T10:00:00Z"></label>
  <button type="submit" class="secondary">Move scheduled date</button>
</form>
</section>`;
}

export function controlPanelPage(shopName: string, orders: readonly ControlOrder[], now: string, stats: StatusStats): string {
  const list =
    orders.length === 0
      ? `<p class="muted">No orders yet: place one in <a href="/">the shop</a>.</p>`
      : orders.map((order) => orderSection(order, stats)).join("\n");
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
