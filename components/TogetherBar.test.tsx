// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { aTrade } from "../lib/domain/test-trades";
import type { Trade } from "../lib/domain/types";
import type { CollectiveReply } from "../lib/messages/schema";
import { TogetherBar, type TogetherBarProps } from "./TogetherBar";
import type { Answer } from "./TradeActions";

afterEach(cleanup);

const at = (origin: string, tradingId: string) => aTrade({ info: { tradingId, shop: { name: origin, origin } } });
const ONE = at("https://reference.example", "TW-100001");
const TWO = at("https://reference.example", "TW-100002");
const GLASS = at("https://glass.example", "GL-100001");

function renderBar(selected: Trade[], props: Partial<TogetherBarProps> = {}) {
  const all: TogetherBarProps = {
    selected,
    onCollective: vi.fn(async (): Promise<Answer<CollectiveReply>> => ({ collectiveId: "c1" })),
    onStarted: vi.fn(),
    onDone: vi.fn(),
    ...props,
  };
  render(<TogetherBar {...all} />);
  return all;
}

const bar = () => screen.getByRole("region", { name: /selected$/ });

describe("TogetherBar", () => {
  it.each([
    [[], "No orders selected"],
    [[ONE], "1 order at 1 shop selected"],
    [[ONE, TWO, GLASS], "3 orders at 2 shops selected"],
  ])("names what is selected: %#", (selected, summary) => {
    renderBar(selected);
    expect(within(bar()).getByRole("heading").textContent).toBe(summary);
    expect(bar().textContent).toContain("All or nothing: if any shop cannot, none is changed.");
  });

  it("offers Confirm all and Cancel all only from two orders on, saying so", () => {
    renderBar([ONE]);
    expect(within(bar()).queryByRole("button", { name: "Confirm all" })).toBeNull();
    expect(bar().textContent).toContain("Select at least 2 orders to confirm or cancel them together.");
    cleanup();
    renderBar([ONE, GLASS]);
    expect(within(bar()).getAllByRole("button").map((button) => button.textContent)).toEqual(["Confirm all", "Cancel all", "Done"]);
  });

  it("confirms all together, showing progress until the request is taken", async () => {
    let taken: (reply: Answer<CollectiveReply>) => void = () => undefined;
    const onCollective = vi.fn(() => new Promise<Answer<CollectiveReply>>((resolve) => (taken = resolve)));
    const props = renderBar([ONE, TWO, GLASS], { onCollective });
    fireEvent.click(within(bar()).getByRole("button", { name: "Confirm all" }));
    expect(onCollective).toHaveBeenCalledWith([ONE.id, TWO.id, GLASS.id], "complete");
    const running = within(bar()).getByRole("button", { name: "Confirming…" });
    expect(running.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(running);
    expect(onCollective).toHaveBeenCalledTimes(1);
    taken({ collectiveId: "c1" });
    await waitFor(() => expect(props.onStarted).toHaveBeenCalledTimes(1));
  });

  it("asks before cancelling all; Keep them sends nothing", () => {
    const props = renderBar([ONE, GLASS]);
    fireEvent.click(within(bar()).getByRole("button", { name: "Cancel all" }));
    const step = within(bar()).getByRole("group", { name: "Cancel 2 orders at 2 shops?" });
    expect(document.activeElement).toBe(within(step).getByRole("button", { name: "Keep them" }));
    fireEvent.click(within(step).getByRole("button", { name: "Keep them" }));
    expect(props.onCollective).not.toHaveBeenCalled();
    expect(within(bar()).queryByRole("group")).toBeNull();
    fireEvent.click(within(bar()).getByRole("button", { name: "Cancel all" }));
    fireEvent.click(within(bar()).getByRole("button", { name: "Cancel all" }));
    expect(props.onCollective).toHaveBeenCalledWith([ONE.id, GLASS.id], "fail");
  });

  it("takes Escape for keeping them, focus back on Cancel all", () => {
    const props = renderBar([ONE, GLASS]);
    fireEvent.click(within(bar()).getByRole("button", { name: "Cancel all" }));
    fireEvent.keyDown(within(bar()).getByRole("button", { name: "Keep them" }), { key: "Escape" });
    expect(within(bar()).queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(within(bar()).getByRole("button", { name: "Cancel all" }));
    expect(props.onCollective).not.toHaveBeenCalled();
  });

  it("shows why the request was not taken, and stays", async () => {
    const props = renderBar([ONE, GLASS], { onCollective: vi.fn(async () => ({ error: "Could not send it: offline" })) });
    fireEvent.click(within(bar()).getByRole("button", { name: "Confirm all" }));
    expect((await within(bar()).findByRole("alert")).textContent).toBe("Could not send it: offline");
    expect(props.onStarted).not.toHaveBeenCalled();
  });

  it("leaves the mode on Done", () => {
    const props = renderBar([ONE]);
    fireEvent.click(within(bar()).getByRole("button", { name: "Done" }));
    expect(props.onDone).toHaveBeenCalledTimes(1);
  });
});
