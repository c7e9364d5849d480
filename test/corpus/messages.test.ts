import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Browser } from "wxt/browser";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage, type MessageContext } from "../../lib/background/messages";
import { useFreshDb } from "../../lib/db/test-db";
import { listTrades } from "../../lib/db/trades";
import { commandStubs } from "../../lib/background/test-message-context";
import {
  addedBesideBaseline,
  BASELINE,
  expectCleanPrototypes,
  expectReadable,
  failOnUnhandledRejections,
  loadCorpus,
  storeBaseline,
} from "./corpus";

/** A message that must be refused; see the "about" of messages.json. */
interface MessageCase {
  group: string;
  name: string;
  sender: string;
  message?: unknown;
  error: string;
}

const cases = loadCorpus<MessageCase>("messages.json");
const SHOP_PAGE = "https://corpus-shop.example/order/thanks";
const OTHER_EXTENSION = "abcdefghijklmnopabcdefghijklmnop";

/** Who sends: what the browser would put in runtime.MessageSender for each kind of sender. */
function senderFor(preset: string): Browser.runtime.MessageSender {
  const id = fakeBrowser.runtime.id;
  const tab = { id: 7 } as Browser.tabs.Tab;
  const own = fakeBrowser.runtime.getURL("/popup.html");
  const senders: Record<string, Browser.runtime.MessageSender> = {
    content: { id, tab, frameId: 0, url: SHOP_PAGE },
    "extension-page": { id, url: own },
    "other-extension": { id: OTHER_EXTENSION, url: `chrome-extension://${OTHER_EXTENSION}/background.html` },
    "other-extension-content-script": { id: OTHER_EXTENSION, tab, frameId: 0, url: SHOP_PAGE },
    "web-page": { tab, frameId: 0, url: "https://evil.example/", origin: "https://evil.example" },
    subframe: { id, tab, frameId: 3, url: "https://ads.example/frame.html" },
    "file-page": { id, tab, frameId: 0, url: "file:///home/user/order.html" },
    "data-page": { id, tab, frameId: 0, url: "data:text/html,<h1>Thank you</h1>" },
    "blob-page": { id, tab, frameId: 0, url: "blob:https://corpus-shop.example/3f1c0a52-5d0e-4a53-9c1e-8d1f0b6f6f1a" },
    "about-blank": { id, tab, frameId: 0, url: "about:blank" },
    "browser-page": { id, tab, frameId: 0, url: "chrome://settings/" },
    "no-url": { id, tab, frameId: 0 },
    "no-tab": { id, frameId: 0, url: SHOP_PAGE },
    "lookalike-extension-url": { id, url: own.replace(/\/popup\.html$/, "x/popup.html") },
    "https-extension-lookalike": { id, tab, frameId: 0, url: `https://${id}.example/popup.html` },
  };
  const sender = senders[preset];
  if (!sender) throw new Error(`No sender preset ${preset}`);
  return sender;
}

/** "@baseline" stands for a trade that exists, so a refusal is not just "no such trade". */
function withBaselineId(message: unknown): unknown {
  if (message === undefined) return undefined;
  return JSON.parse(JSON.stringify(message).replaceAll('"@baseline"', JSON.stringify(BASELINE[0]?.id)));
}

failOnUnhandledRejections();

let context: MessageContext;
beforeEach(async () => {
  fakeBrowser.reset();
  useFreshDb();
  await storeBaseline();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  context = {
    now: () => "2026-11-22T10:00:00.000Z",
    checkNow: vi.fn(async () => 0),
    checkTrade: vi.fn(async () => 0),
    afterChange: vi.fn(async () => undefined),
    ...commandStubs(),
  };
});

describe(`messages from the wrong sender or of the wrong shape (${cases.length} cases)`, () => {
  it.each(cases.map((c) => [`${c.group}: ${c.name}`, c] as const))("%s is refused and changes nothing", async (_name, c) => {
    const message = "message" in c ? withBaselineId(c.message) : undefined;
    const reply = (await handleMessage(message, senderFor(c.sender), context)) as { error?: unknown };
    expectReadable(reply.error);
    expect(reply.error).toContain(c.error);
    expect(addedBesideBaseline(await listTrades())).toEqual([]);
    expect(context.checkNow).not.toHaveBeenCalled();
    expect(context.checkTrade).not.toHaveBeenCalled();
    expect(context.afterChange).not.toHaveBeenCalled();
    expectCleanPrototypes();
  });
});
