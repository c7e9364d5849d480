import { render } from "@testing-library/preact";
import { vi } from "vitest";
import { NOW } from "../lib/domain/test-trades";
import type { Trade } from "../lib/domain/types";
import { TradeCard, type TradeCardProps } from "./TradeCard";

/** One trade card in its list, as the popup shows it, with spies for its commands (tests only). */
export function renderTradeCard(trade: Trade, props: Partial<TradeCardProps> = {}): void {
  render(
    <ul>
      <TradeCard
        trade={trade}
        now={NOW}
        checking={false}
        onCheck={vi.fn()}
        waitLimitDays={null}
        originalInLedger={false}
        onFocusTrade={vi.fn()}
        selection={null}
        onFinalise={vi.fn()}
        onReturn={vi.fn()}
        onReorder={vi.fn()}
        {...props}
      />
    </ul>,
  );
}
