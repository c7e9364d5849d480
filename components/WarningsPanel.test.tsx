// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { aTrade, aWarning, NOW } from "../lib/domain/test-trades";
import type { Trade, Warning, WarningCode } from "../lib/domain/types";
import { WarningsPanel } from "./WarningsPanel";

afterEach(cleanup);

const charged = aWarning({ code: "amount-mismatch", message: "Charged €65.00, but the order total is €59.97" });
const overdue = aWarning({ code: "payment-overdue", message: "Payment was due on 19 Nov 2026" });

/** As the wiring does: the acknowledgement is sent, then the ledger is read again a moment later. */
function renderWired(warnings: Warning[], read: Promise<void>) {
  function Wired() {
    const [trades, setTrades] = useState<Trade[]>([aTrade({ info: { tradingId: "TW-9" }, warnings })]);
    const onAcknowledge = (_tradeId: string, code: WarningCode) =>
      void read.then(() =>
        setTrades((current) =>
          current.map((trade) => ({
            ...trade,
            warnings: trade.warnings.map((each) => (each.code === code ? { ...each, acknowledgedAt: NOW } : each)),
          })),
        ),
      );
    return <WarningsPanel trades={trades} now={NOW} onAcknowledge={onAcknowledge} />;
  }
  render(<Wired />);
}

const acknowledgeButton = (message: RegExp) => screen.getByRole("button", { name: message });

describe("WarningsPanel focus after acknowledging", () => {
  it("moves the focus to the next warning's button once the acknowledged one leaves the list", async () => {
    renderWired([charged, overdue], Promise.resolve());
    const button = acknowledgeButton(/^Acknowledge: Charged/);
    button.focus();
    fireEvent.click(button);
    await vi.waitFor(() => expect(screen.queryByRole("button", { name: /^Acknowledge: Charged/ })).toBeNull());
    expect(document.activeElement).toBe(acknowledgeButton(/^Acknowledge: Payment/));
  });

  it("moves the focus to the acknowledged warnings' disclosure after the last open one", async () => {
    renderWired([charged], Promise.resolve());
    const button = acknowledgeButton(/^Acknowledge: Charged/);
    button.focus();
    fireEvent.click(button);
    await vi.waitFor(() => expect(screen.queryByRole("button", { name: /^Acknowledge: Charged/ })).toBeNull());
    expect(document.activeElement).toBe(screen.getByText("1 acknowledged"));
  });

  it("leaves the focus where the user moved it before the ledger was read again", async () => {
    let reread!: () => void;
    renderWired([charged, overdue], new Promise<void>((resolve) => (reread = resolve)));
    const button = acknowledgeButton(/^Acknowledge: Charged/);
    button.focus();
    fireEvent.click(button);
    const heading = screen.getByRole("heading", { name: "Warnings" });
    heading.focus();
    reread();
    await vi.waitFor(() => expect(screen.queryByRole("button", { name: /^Acknowledge: Charged/ })).toBeNull());
    expect(document.activeElement).toBe(heading);
  });
});
