import { describe, expect, it } from "vitest";
import { aTrade, NOW, plusMinutes } from "./test-trades";
import { guestWindowNotice, stopAskingWithNotice } from "./notice";

describe("stopAskingWithNotice", () => {
  it("stops every source and says why, keeping what is known", () => {
    const trade = aTrade({
      shop: { status: "processing", nextCheckAt: plusMinutes(NOW, 10) },
      payment: { status: "settled", nextCheckAt: plusMinutes(NOW, 5) },
      delivery: { nextCheckAt: plusMinutes(NOW, 20) },
      nextCheckAt: plusMinutes(NOW, 5),
    });
    const stopped = stopAskingWithNotice(trade, guestWindowNotice("Vendure Shop"));
    expect(stopped.notice).toBe(
      "Vendure Shop shows an order to guests only for a while after it is placed; TradeWatch keeps the last state it saw. " +
        "Open the order in your account at the shop to see later changes.",
    );
    expect([stopped.processing.shop.nextCheckAt, stopped.processing.payment.nextCheckAt, stopped.processing.delivery.nextCheckAt]).toEqual([null, null, null]);
    expect(stopped.nextCheckAt).toBeUndefined();
    expect(stopped.processing.shop.status).toBe("processing");
    expect(stopped.processing.payment.status).toBe("settled");
    expect(stopped.info).toBe(trade.info);
  });
});
