// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { availableActions } from "../lib/domain/lifecycle";
import { aReturn, aTrade, ORIGIN, shopCommands, type TradeOverrides } from "../lib/domain/test-trades";
import { tradeKey } from "../lib/domain/trade-key";
import type { Trade } from "../lib/domain/types";
import type { FinaliseReply, ReorderReply, ReturnReply } from "../lib/messages/schema";
import { TradeActions, type Answer, type TradeActionsProps } from "./TradeActions";

afterEach(cleanup);

/** Open, on its way, at a shop that announced every command. */
function openTrade(overrides: TradeOverrides = {}): Trade {
  return aTrade({
    delivery: { status: "in_transit" },
    payment: { status: "authorized" },
    ...overrides,
    info: { commands: shopCommands(), ...overrides.info },
  });
}

/** Delivered, not yet paid: still open, and items can go back. */
const delivered = () => openTrade({ delivery: { status: "delivered" } });

function renderActions(trade: Trade, props: Partial<TradeActionsProps> = {}) {
  const all: TradeActionsProps = {
    trade,
    actions: availableActions(trade),
    onFinalise: vi.fn(async () => ({ state: "finalising" as const, message: null })),
    onReturn: vi.fn(async () => ({ status: "requesting" as const, message: null })),
    onReorder: vi.fn(async () => ({ tradeId: null, message: null })),
    onFocusTrade: vi.fn(),
    ...props,
  };
  render(<TradeActions {...all} />);
  return all;
}

/** A promise the test settles by hand, to look at the page while a command runs. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

const buttonNames = () =>
  within(screen.getByRole("group", { name: "Actions for order GL-1001" }))
    .getAllByRole("button")
    .map((button) => button.textContent);

const statusText = () => document.querySelector("[role=status]")?.textContent;

/** Opens the "Why can't I …?" disclosure (its reasons are rendered only while it is open) and returns it once they are. */
async function openWhyNot(summaryText: string | RegExp): Promise<HTMLDetailsElement> {
  const details = screen.getByText(summaryText).closest("details") as HTMLDetailsElement;
  details.open = true;
  fireEvent(details, new Event("toggle"));
  await within(details).findAllByRole("listitem");
  return details;
}

describe("TradeActions: what is offered", () => {
  it("offers only what availableActions allows, and says why not for the rest", async () => {
    renderActions(openTrade());
    expect(buttonNames()).toEqual(["Confirm receipt", "Cancel order", "Reorder…"]);
    const why = screen.getByText("Why can't I return items?");
    expect(why.tagName).toBe("SUMMARY");
    expect(why.closest("details")?.querySelector("li")).toBeNull();
    expect((await openWhyNot("Why can't I return items?")).textContent).toContain("Return items: Nothing has been delivered yet");
  });

  it("offers returns once delivered", () => {
    renderActions(delivered());
    expect(buttonNames()).toEqual(["Confirm receipt", "Cancel order", "Return items…", "Reorder…"]);
    expect(screen.queryByText(/Why can't I/)).toBeNull();
  });

  it("offers nothing at a shop that announced no commands, and says so for each action", async () => {
    renderActions(aTrade());
    expect(screen.queryByRole("group", { name: /Actions for order/ })).toBeNull();
    const details = await openWhyNot("Why can't I confirm receipt, cancel, return items, or reorder?");
    expect(within(details).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Confirm receipt: The shop announced no commands on its confirmation page",
      "Cancel: The shop announced no commands on its confirmation page",
      "Return items: The shop announced no commands on its confirmation page",
      "Reorder: The shop announced no commands on its confirmation page",
    ]);
  });

  it("explains a command the shop does not accept, next to those it does", async () => {
    renderActions(openTrade({ info: { commands: shopCommands(["confirm", "reorder"]) } }));
    expect(buttonNames()).toEqual(["Confirm receipt", "Reorder…"]);
    expect(screen.getByText(/^Why can't I/).textContent).toBe("Why can't I cancel or return items?");
    await openWhyNot(/^Why can't I/);
    expect(screen.getByText(/^Cancel:/).closest("li")?.textContent).toBe(
      "Cancel: Green Leaf Tea does not accept cancellation through TradeWatch",
    );
  });
});

describe("TradeActions: confirm and cancel", () => {
  it("confirms receipt, shows progress on that button only, then the shop's words", async () => {
    const trade = openTrade();
    const reply = deferred<Answer<FinaliseReply>>();
    const onFinalise = vi.fn(() => reply.promise);
    renderActions(trade, { onFinalise });
    fireEvent.click(screen.getByRole("button", { name: "Confirm receipt" }));
    expect(onFinalise).toHaveBeenCalledWith(trade.id, "complete");
    const running = screen.getByRole("button", { name: "Confirming…" });
    expect(running.getAttribute("aria-disabled")).toBe("true");
    // The status line is there, empty (kept in the accessibility tree, out of the layout), before the answer it announces.
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("");
    expect(status.classList.contains("live-region")).toBe(true);
    fireEvent.click(running);
    expect(onFinalise).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: "Cancel order" }).getAttribute("aria-disabled")).toBeNull();
    reply.resolve({ state: "completed", message: "Thank you for shopping with us" });
    await waitFor(() =>
      expect(statusText()).toBe("The order is completed. Green Leaf Tea said: “Thank you for shopping with us”"),
    );
    expect(screen.getByRole("status")).toBe(status);
    expect(screen.getByRole("button", { name: "Confirm receipt" }).getAttribute("aria-disabled")).toBeNull();
  });

  it("hands the focus to the shop's answer when the confirmed order no longer offers the button", async () => {
    const trade = openTrade();
    const props: TradeActionsProps = {
      trade,
      actions: availableActions(trade),
      onFinalise: vi.fn(async () => ({ state: "finalising" as const, message: null })),
      onReturn: vi.fn(),
      onReorder: vi.fn(),
      onFocusTrade: vi.fn(),
    };
    const { rerender } = render(<TradeActions {...props} />);
    const confirm = screen.getByRole("button", { name: "Confirm receipt" });
    confirm.focus();
    fireEvent.click(confirm);
    await waitFor(() => expect(statusText()).toBe("Sent to Green Leaf Tea. Waiting for its answer."));
    const finalising: Trade = { ...trade, lifecycle: { ...trade.lifecycle, state: "finalising" } };
    rerender(<TradeActions {...props} trade={finalising} actions={availableActions(finalising)} />);
    expect(screen.queryByRole("button", { name: "Confirm receipt" })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("status")));
  });

  it("says the shop is still to answer when the command is on its way", async () => {
    renderActions(openTrade(), { onFinalise: vi.fn(async () => ({ state: "finalising" as const, message: null })) });
    fireEvent.click(screen.getByRole("button", { name: "Confirm receipt" }));
    await waitFor(() => expect(statusText()).toBe("Sent to Green Leaf Tea. Waiting for its answer."));
  });

  it("shows an error reply as an alert", async () => {
    renderActions(openTrade(), { onFinalise: vi.fn(async () => ({ error: "Could not send it: no background" })) });
    fireEvent.click(screen.getByRole("button", { name: "Confirm receipt" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Could not send it: no background");
    expect(statusText()).toBe("");
  });

  it("asks before cancelling, and keeping the order sends nothing", () => {
    const props = renderActions(openTrade());
    fireEvent.click(screen.getByRole("button", { name: "Cancel order" }));
    const step = screen.getByRole("group", { name: "Cancel order GL-1001 at Green Leaf Tea?" });
    expect(within(step).getAllByRole("button").map((button) => button.textContent)).toEqual(["Cancel order", "Keep it"]);
    expect(document.activeElement).toBe(within(step).getByRole("button", { name: "Keep it" }));
    expect(screen.getAllByRole("button", { name: "Cancel order" })).toHaveLength(1);
    fireEvent.click(within(step).getByRole("button", { name: "Keep it" }));
    expect(screen.queryByRole("group", { name: /\?$/ })).toBeNull();
    expect(props.onFinalise).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel order" }));
  });

  it("takes Escape for keeping the order", () => {
    const props = renderActions(openTrade());
    fireEvent.click(screen.getByRole("button", { name: "Cancel order" }));
    fireEvent.keyDown(screen.getByRole("button", { name: "Keep it" }), { key: "Escape" });
    expect(screen.queryByRole("group", { name: /\?$/ })).toBeNull();
    expect(props.onFinalise).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel order" }));
  });

  it("cancels once confirmed in the card", async () => {
    const trade = openTrade();
    const onFinalise = vi.fn(async () => ({ state: "failed" as const, message: null }));
    renderActions(trade, { onFinalise });
    fireEvent.click(screen.getByRole("button", { name: "Cancel order" }));
    fireEvent.click(within(screen.getByRole("group", { name: /^Cancel order GL-1001/ })).getByRole("button", { name: "Cancel order" }));
    expect(onFinalise).toHaveBeenCalledWith(trade.id, "fail");
    await waitFor(() => expect(statusText()).toBe("The order is cancelled."));
    expect(screen.queryByRole("group", { name: /\?$/ })).toBeNull();
  });
});

/** The forms themselves are tested in ReturnForm.test.tsx and ReorderForm.test.tsx; here, what the card does with them. */
describe("TradeActions: return form", () => {
  const form = () => screen.getByRole("form", { name: "Return items of order GL-1001" });
  const quantity = () => within(form()).getByLabelText("Green tea (up to 3)") as HTMLInputElement;
  const reason = () => within(form()).getByLabelText("Reason") as HTMLSelectElement;
  const submit = () => fireEvent.click(within(form()).getByRole("button", { name: "Send return request" }));

  function openForm(props: Partial<TradeActionsProps> = {}) {
    const all = renderActions(delivered(), props);
    fireEvent.click(screen.getByRole("button", { name: "Return items…" }));
    return all;
  }

  it("sends the items and reason, closes, and shows the shop's answer", async () => {
    const trade = delivered();
    const onReturn = vi.fn(async (): Promise<Answer<ReturnReply>> => ({ status: "accepted", message: "Use the prepaid label" }));
    renderActions(trade, { onReturn });
    fireEvent.click(screen.getByRole("button", { name: "Return items…" }));
    fireEvent.input(quantity(), { target: { value: "2" } });
    fireEvent.change(reason(), { target: { value: "Damaged or faulty" } });
    submit();
    expect(onReturn).toHaveBeenCalledWith(trade.id, [{ sku: "GT-1", name: "Green tea", quantity: 2 }], "Damaged or faulty");
    await waitFor(() => expect(statusText()).toBe("Return accepted. Green Leaf Tea said: “Use the prepaid label”"));
    expect(screen.queryByRole("form")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Return items…" })));
  });

  it("keeps the form open with the error when the request could not be sent", async () => {
    openForm({ onReturn: vi.fn(async () => ({ error: "Could not send the return: offline" })) });
    fireEvent.input(quantity(), { target: { value: "1" } });
    fireEvent.change(reason(), { target: { value: "No longer needed" } });
    submit();
    expect((await screen.findByRole("alert")).textContent).toBe("Could not send the return: offline");
    expect(form()).toBeTruthy();
  });

  it("offers only what was not returned already", () => {
    const partly = openTrade({
      delivery: { status: "delivered" },
      returns: [aReturn({ status: "refunded", items: [{ sku: "GT-1", name: "Green tea", quantity: 2 }] })],
    });
    renderActions(partly);
    fireEvent.click(screen.getByRole("button", { name: "Return items…" }));
    expect(within(form()).getByLabelText("Green tea (up to 1)")).toBeTruthy();
  });

  it("opens from its button and closes on Cancel without sending, focus back on the button", () => {
    const props = openForm();
    const opener = screen.getByRole("button", { name: "Return items…" });
    expect(opener.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(within(form()).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form")).toBeNull();
    expect(opener.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(opener);
    expect(props.onReturn).not.toHaveBeenCalled();
  });

  it("closes on Escape from any of its fields, focus back on the button", () => {
    const props = openForm();
    fireEvent.keyDown(within(form()).getByLabelText("Reason"), { key: "Escape" });
    expect(screen.queryByRole("form")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Return items…" }));
    expect(props.onReturn).not.toHaveBeenCalled();
  });
});

describe("TradeActions: reorder form", () => {
  const two = () =>
    openTrade({
      info: {
        items: [
          { name: "Green tea", sku: "GT-1", quantity: 3, unitPrice: { minor: 1999, currency: "EUR" } },
          { name: "Tea pot", sku: "TP-1", quantity: 1, unitPrice: { minor: 3500, currency: "EUR" } },
        ],
      },
    });
  const form = () => screen.getByRole("form", { name: "Reorder items of order GL-1001" });
  const field = (label: string) => within(form()).getByLabelText(label) as HTMLInputElement;
  const submit = () => fireEvent.click(within(form()).getByRole("button", { name: "Order again" }));

  it("starts from the original quantities and sends the changed ones, leaving out zeros", async () => {
    const trade = two();
    const newId = tradeKey(ORIGIN, "GL-1002");
    const onReorder = vi.fn(async (): Promise<Answer<ReorderReply>> => ({ tradeId: newId, message: null }));
    const props = renderActions(trade, { onReorder });
    fireEvent.click(screen.getByRole("button", { name: "Reorder…" }));
    expect(field("Green tea (ordered 3)").value).toBe("3");
    expect(field("Tea pot (ordered 1)").value).toBe("1");
    fireEvent.input(field("Green tea (ordered 3)"), { target: { value: "5" } });
    fireEvent.input(field("Tea pot (ordered 1)"), { target: { value: "0" } });
    submit();
    expect(onReorder).toHaveBeenCalledWith(trade.id, [{ sku: "GT-1", name: "Green tea", quantity: 5 }]);
    await waitFor(() => expect(statusText()).toBe("Ordered again as GL-1002."));
    expect(props.onFocusTrade).toHaveBeenCalledWith(newId);
    expect(screen.queryByRole("form")).toBeNull();
  });

  it("says the new order comes later when the shop has not placed it yet", async () => {
    renderActions(two(), { onReorder: vi.fn(async () => ({ tradeId: null, message: "We will e-mail you" })) });
    fireEvent.click(screen.getByRole("button", { name: "Reorder…" }));
    submit();
    await waitFor(() =>
      expect(statusText()).toBe(
        "Sent to Green Leaf Tea. The new order appears here once it is placed. Green Leaf Tea said: “We will e-mail you”",
      ),
    );
  });
});
