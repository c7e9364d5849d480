// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { NOW, ORIGIN, plusMinutes } from "../lib/domain/test-trades";
import type { ChangeEntry } from "../lib/domain/types";
import { SinceLastVisit } from "./SinceLastVisit";

afterEach(cleanup);

function change(seq: number, kind: ChangeEntry["kind"], text: string, minutesAgo: number): ChangeEntry {
  return {
    seq,
    at: plusMinutes(NOW, -minutesAgo),
    tradeId: `${ORIGIN} GL-100${seq}`,
    tradingId: `GL-100${seq}`,
    shopName: "Green Leaf Tea",
    kind,
    text,
  };
}

const ENTRIES = [
  change(41, "delivered", "3 × Green tea from Green Leaf Tea was delivered", 300),
  change(42, "warning", "3 × Green tea from Green Leaf Tea: Charged twice", 200),
  change(43, "delivered", "1 × Tea pot from Green Leaf Tea was delivered", 100),
];

function renderPanel(entries = ENTRIES, upTo = 43) {
  const onSeen = vi.fn();
  render(<SinceLastVisit entries={entries} upTo={upTo} now={NOW} onSeen={onSeen} />);
  return onSeen;
}

const region = () => screen.getByRole("region", { name: "Since your last visit" });

describe("SinceLastVisit", () => {
  it("heads the panel with the summary of what changed", () => {
    renderPanel();
    expect(within(region()).getByText("2 delivered and 1 new warning since your last visit")).toBeTruthy();
  });

  it("groups the changes by kind, warnings first, newest first within a group, each with its time", () => {
    renderPanel();
    const groups = within(region()).getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent);
    expect(groups).toEqual(["New warnings (1)", "Delivered (2)"]);
    const delivered = within(region()).getByRole("heading", { name: "Delivered (2)" }).nextElementSibling as HTMLElement;
    const items = within(delivered).getAllByRole("listitem");
    expect(items.map((item) => item.textContent?.slice((item.querySelector("time")?.textContent ?? "").length + 1))).toEqual([
      "GL-10043 1 × Tea pot from Green Leaf Tea was delivered",
      "GL-10041 3 × Green tea from Green Leaf Tea was delivered",
    ]);
    expect(items[0]?.querySelector("time")?.getAttribute("datetime")).toBe(plusMinutes(NOW, -100));
  });

  it("counts the changes as seen once shown, up to the newest", () => {
    const onSeen = renderPanel();
    expect(onSeen).toHaveBeenCalledTimes(1);
    expect(onSeen).toHaveBeenCalledWith(43);
  });

  it("is dismissed by a button and stays seen", () => {
    const onSeen = renderPanel();
    fireEvent.click(within(region()).getByRole("button", { name: "Dismiss since your last visit" }));
    expect(screen.queryByRole("region", { name: "Since your last visit" })).toBeNull();
    expect(onSeen).toHaveBeenCalledTimes(1);
  });

  it("shows nothing, and marks nothing, when nothing changed", () => {
    const onSeen = renderPanel([], 40);
    expect(screen.queryByRole("region")).toBeNull();
    expect(onSeen).not.toHaveBeenCalled();
  });
});
