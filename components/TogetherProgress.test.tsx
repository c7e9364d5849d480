// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/preact";
import { NOW, plusMinutes } from "../lib/domain/test-trades";
import type { CollectiveParticipant, CollectiveRecord } from "../lib/domain/types";
import { collectiveOutcome, TogetherProgress } from "./TogetherProgress";

afterEach(cleanup);

function participant(tradingId: string, shopName: string, overrides: Partial<CollectiveParticipant> = {}): CollectiveParticipant {
  const origin = `https://${shopName.toLowerCase().replace(/ /g, "-")}.example`;
  return {
    tradeId: `${origin} ${tradingId}`,
    origin,
    tradingId,
    shopName,
    prepareKey: `prepare-${tradingId}`,
    finishKey: `finish-${tradingId}`,
    vote: null,
    voteMessage: null,
    attempts: 0,
    finished: null,
    lastError: null,
    ...overrides,
  };
}

/** Three orders at two shops, asked to confirm. */
function aCollective(overrides: Partial<CollectiveRecord> = {}): CollectiveRecord {
  return {
    id: "collective-1",
    intent: "complete",
    createdAt: NOW,
    participants: [
      participant("TW-100001", "Reference Shop"),
      participant("TW-100002", "Reference Shop"),
      participant("GL-100001", "Glass Shop"),
    ],
    decision: null,
    phase: "preparing",
    finishedAt: null,
    log: [],
    leaseUntil: null,
    ...overrides,
  };
}

/** Each participant as its line reads: shop, order, step and the shop's words. */
function rows(): string[] {
  return within(screen.getByRole("region", { name: "Orders finalised together" }))
    .getAllByRole("listitem")
    .filter((item) => item.closest(".collective-steps") !== null)
    .map((item) => item.textContent ?? "");
}

const outcome = () => document.querySelector(".collective-outcome")?.textContent;

describe("TogetherProgress", () => {
  it("shows nothing without recent collectives", () => {
    render(<TogetherProgress collectives={[]} now={NOW} headingId="together-heading" />);
    expect(screen.queryByRole("region")).toBeNull();
  });

  it("is a labelled live region, politely announcing progress", () => {
    render(<TogetherProgress collectives={[aCollective()]} now={NOW} headingId="together-heading" />);
    const region = screen.getByRole("region", { name: "Orders finalised together" });
    expect(region.getAttribute("aria-live")).toBe("polite");
    expect(region.textContent).toContain("Confirming 3 orders together");
  });

  it("while asking, shows each shop's vote as it comes", () => {
    const asking = aCollective({
      participants: [
        participant("TW-100001", "Reference Shop", { vote: "ready" }),
        participant("TW-100002", "Reference Shop"),
        participant("GL-100001", "Glass Shop"),
      ],
    });
    render(<TogetherProgress collectives={[asking]} now={NOW} headingId="together-heading" />);
    expect(rows()).toEqual(["Reference Shop TW-100001 Ready", "Reference Shop TW-100002 Asking…", "Glass Shop GL-100001 Asking…"]);
    expect(outcome()).toBe("Asking each shop whether it can confirm…");
  });

  it("once every shop is ready, shows the commits going out and then all confirmed", () => {
    const ready = { vote: "ready" as const };
    const committing = aCollective({
      decision: { outcome: "commit", at: NOW, reason: "every shop can confirm" },
      phase: "finishing",
      participants: [
        participant("TW-100001", "Reference Shop", { ...ready, finished: "committed" }),
        participant("TW-100002", "Reference Shop", ready),
        participant("GL-100001", "Glass Shop", ready),
      ],
    });
    render(<TogetherProgress collectives={[committing]} now={NOW} headingId="together-heading" />);
    expect(rows()).toEqual([
      "Reference Shop TW-100001 Confirmed",
      "Reference Shop TW-100002 Confirming…",
      "Glass Shop GL-100001 Confirming…",
    ]);
    expect(outcome()).toBe("Every shop is ready: confirming all 3 orders…");
    cleanup();
    const done = aCollective({
      ...committing,
      phase: "done",
      finishedAt: NOW,
      participants: committing.participants.map((p) => ({ ...p, finished: "committed" as const })),
    });
    render(<TogetherProgress collectives={[done]} now={NOW} headingId="together-heading" />);
    expect(rows().every((row) => row.endsWith("Confirmed"))).toBe(true);
    expect(outcome()).toBe("All 3 orders confirmed");
  });

  it("when a shop refuses, shows its words, the others undone, and that nothing was changed", () => {
    const refused = aCollective({
      decision: { outcome: "abort", at: NOW, reason: "Glass Shop (order GL-100001) refused: already shipped" },
      phase: "finishing",
      participants: [
        participant("TW-100001", "Reference Shop", { vote: "ready", finished: "aborted" }),
        participant("TW-100002", "Reference Shop", { vote: "ready" }),
        participant("GL-100001", "Glass Shop", { vote: "refused", voteMessage: "already shipped" }),
      ],
    });
    render(<TogetherProgress collectives={[refused]} now={NOW} headingId="together-heading" />);
    expect(rows()).toEqual([
      "Reference Shop TW-100001 Unchanged",
      "Reference Shop TW-100002 Undoing…",
      "Glass Shop GL-100001 Undoing… already shipped",
    ]);
    expect(outcome()).toBe("Calling it off, nothing will be changed: Glass Shop refused GL-100001 (already shipped)");
  });

  it("says nothing was changed, and why, once an aborted collective is done", () => {
    const aborted = aCollective({
      intent: "fail",
      decision: { outcome: "abort", at: NOW, reason: "x" },
      phase: "done",
      finishedAt: plusMinutes(NOW, 1),
      participants: [
        participant("TW-100001", "Reference Shop", { vote: "ready", finished: "aborted" }),
        participant("GL-100001", "Glass Shop", {
          vote: "unreachable",
          voteMessage: "no answer within 60 seconds",
          finished: "aborted",
        }),
      ],
    });
    expect(collectiveOutcome(aborted)).toBe(
      "Nothing was changed: Glass Shop could not be reached about GL-100001 (no answer within 60 seconds)",
    );
  });

  it("falls back on the decision's reason when no shop voted against", () => {
    const restarted = aCollective({
      decision: { outcome: "abort", at: NOW, reason: "TradeWatch restarted before every shop had answered" },
      phase: "done",
      finishedAt: NOW,
    });
    expect(collectiveOutcome(restarted)).toBe("Nothing was changed: TradeWatch restarted before every shop had answered");
  });

  it("names the orders a shop may still hold when it could not be told of the abort", () => {
    const aborted = aCollective({
      participants: [
        participant("TW-100001", "Reference Shop", { vote: "ready", finished: "unresolved", lastError: "HTTP 503" }),
        participant("GL-100001", "Glass Shop", { vote: "refused", voteMessage: "already shipped", finished: "aborted" }),
      ],
      decision: { outcome: "abort", at: NOW, reason: "a shop refused" },
      phase: "done",
      finishedAt: NOW,
    });
    expect(collectiveOutcome(aborted)).toBe(
      "Called off: Glass Shop refused GL-100001 (already shipped); TradeWatch could not tell whether TW-100001 at Reference Shop was released: check with the shop",
    );
  });

  it("says what cancelling together did", () => {
    const cancelled = aCollective({
      intent: "fail",
      decision: { outcome: "commit", at: NOW, reason: "every shop can cancel" },
      phase: "done",
      finishedAt: NOW,
    });
    expect(collectiveOutcome(cancelled)).toBe("All 3 orders cancelled");
  });
});
