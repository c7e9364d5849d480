/**
 * The in-page badge: a small card in a shadow root, fixed to the corner, so the shop's CSS
 * cannot restyle it and it cannot restyle the shop. Page data is only ever set as text.
 */
export interface BadgeContent {
  title: string;
  lines: string[];
  warnings: string[];
  /** A page TradeWatch could not read: the diagnostic's JSON, offered with a "Copy diagnostic" button. */
  diagnostic?: string;
}

export const BADGE_HOST_ID = "tradewatch-badge";

const STYLE = `
:host { all: initial; position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; }
.card { font: 14px/1.4 system-ui, sans-serif; color: #1f2933; background: #fff; border: 1px solid #cbd2d9;
  border-left: 4px solid #2f6fdf; border-radius: 8px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
  padding: 10px 12px; max-width: 320px; display: grid; gap: 4px; }
.card.warn { border-left-color: #b45309; }
.head { display: flex; gap: 8px; align-items: start; justify-content: space-between; }
strong { font-weight: 600; }
ul { margin: 0; padding-left: 18px; }
p { margin: 0; }
.warning { color: #92400e; }
button { font: inherit; border: 0; background: transparent; cursor: pointer; color: #52606d; padding: 0 4px; }
button:focus-visible, textarea:focus-visible { outline: 2px solid #2f6fdf; border-radius: 4px; }
button.copy { justify-self: start; border: 1px solid #cbd2d9; border-radius: 6px; padding: 2px 8px; color: #1f2933; }
textarea { font: 12px/1.3 ui-monospace, monospace; width: 100%; box-sizing: border-box; height: 8em; }
`;

export function showPageBadge(doc: Document, content: BadgeContent): HTMLElement {
  doc.getElementById(BADGE_HOST_ID)?.remove();
  const host = doc.createElement("div");
  host.id = BADGE_HOST_ID;
  const root = host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = STYLE;

  const card = doc.createElement("section");
  card.className = content.warnings.length > 0 || content.diagnostic !== undefined ? "card warn" : "card";
  card.setAttribute("aria-label", "TradeWatch");
  card.setAttribute("role", "status");

  const head = doc.createElement("div");
  head.className = "head";
  const title = doc.createElement("strong");
  title.textContent = content.title;
  const close = doc.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", "Close TradeWatch notice");
  close.addEventListener("click", () => host.remove());
  head.append(title, close);
  card.append(head);

  if (content.lines.length > 0) card.append(list(doc, content.lines));
  if (content.warnings.length > 0) {
    const warnings = list(doc, content.warnings);
    warnings.className = "warning";
    warnings.setAttribute("role", "alert");
    card.append(warnings);
  }
  if (content.diagnostic !== undefined) card.append(...copyControls(doc, content.diagnostic));
  root.append(style, card);
  doc.documentElement.append(host);
  return host;
}

function list(doc: Document, texts: string[]): HTMLUListElement {
  const ul = doc.createElement("ul");
  for (const text of texts) {
    const li = doc.createElement("li");
    li.textContent = text;
    ul.append(li);
  }
  return ul;
}

/**
 * "Copy diagnostic": to the clipboard from the click itself; where the page refuses the
 * clipboard, the text is shown selected in a read-only box to copy by hand.
 */
function copyControls(doc: Document, text: string): HTMLElement[] {
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Copy diagnostic";
  // The card is a live region already: what this says is announced.
  const said = doc.createElement("p");
  let box: HTMLTextAreaElement | null = null;
  const showBox = () => {
    said.textContent = "Copy the diagnostic below (it is selected).";
    if (box === null) {
      box = doc.createElement("textarea");
      box.readOnly = true;
      box.value = text;
      box.setAttribute("aria-label", "TradeWatch diagnostic");
      said.after(box);
    }
    box.focus();
    box.select();
  };
  button.addEventListener("click", () => {
    const clipboard = doc.defaultView?.navigator.clipboard;
    if (!clipboard) return showBox();
    clipboard.writeText(text).then(() => {
      said.textContent = "Diagnostic copied.";
    }, showBox);
  });
  return [button, said];
}
