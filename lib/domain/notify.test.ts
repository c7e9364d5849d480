import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../settings/schema";
import { BADGE_COLOURS, notificationId, notificationsFor, toolbarBadge, tradeIdOfNotification } from "./notify";
import { aTrade, aWarning, NOW } from "./test-trades";
import type { TradeOverrides } from "./test-trades";

const ALL = DEFAULT_SETTINGS.notifications;
const overdue = aWarning();
const charged = aWarning({ code: "amount-mismatch", message: "Charged €69.97, but the order total is €59.97" });

const before = (overrides: TradeOverrides = {}) => aTrade({ payment: { status: "authorized" }, delivery: { status: "in_transit" }, ...overrides });

describe("notificationsFor", () => {
  it("announces each new unacknowledged warning, naming the order and the shop", () => {
    const after = before({ warnings: [overdue, charged] });
    const notes = notificationsFor(before({ warnings: [overdue] }), after, ALL);
    expect(notes).toEqual([
      {
        id: `${after.id}|warnings|payment-amount-mismatch`,
        tradeId: after.id,
        kind: "warnings",
        title: "Problem with order GL-1001 at Green Leaf Tea",
        message: "Charged €69.97, but the order total is €59.97",
      },
    ]);
  });

  it("titles a warning by its severity", () => {
    const titles = [aWarning(), aWarning({ code: "stale", source: "delivery" })].map(
      (warning) => notificationsFor(before(), before({ warnings: [warning] }), ALL)[0]?.title,
    );
    expect(titles).toEqual(["Check order GL-1001 at Green Leaf Tea", "About order GL-1001 at Green Leaf Tea"]);
  });

  it("tells the same warning from another source apart, and stays quiet about acknowledged ones", () => {
    const fromShop = aWarning({ code: "stale", source: "shop" });
    const fromCarrier = aWarning({ code: "stale", source: "delivery" });
    const notes = notificationsFor(before({ warnings: [fromShop] }), before({ warnings: [fromShop, fromCarrier] }), ALL);
    expect(notes.map((note) => note.id)).toEqual([`${before().id}|warnings|delivery-stale`]);
    const muted = aWarning({ acknowledgedAt: NOW });
    expect(notificationsFor(before(), before({ warnings: [muted] }), ALL)).toEqual([]);
  });

  it("announces a delivery once, with its date", () => {
    const delivered = before({ delivery: { status: "delivered", completedAt: "2026-11-19T15:00:00.000Z" } });
    const notes = notificationsFor(before(), delivered, ALL);
    expect(notes).toEqual([
      expect.objectContaining({
        id: `${delivered.id}|deliveries|delivered`,
        kind: "deliveries",
        title: "Delivered: order GL-1001 at Green Leaf Tea",
        message: "Order GL-1001 from Green Leaf Tea was delivered on Nov 19, 2026.",
      }),
    ]);
    expect(notificationsFor(delivered, delivered, ALL)).toEqual([]);
  });

  it("counts the shop's word for a delivery when the carrier is silent, and tells a return apart", () => {
    const byShop = before({ shop: { status: "delivered" }, delivery: { status: null } });
    expect(notificationsFor(before({ delivery: { status: null } }), byShop, ALL)[0]?.message).toBe(
      "Order GL-1001 from Green Leaf Tea was delivered.",
    );
    const returned = notificationsFor(before(), before({ delivery: { status: "returned" } }), ALL)[0];
    expect(returned).toMatchObject({ id: `${byShop.id}|deliveries|returned`, title: "Returned: order GL-1001 at Green Leaf Tea" });
  });

  it("announces a settled payment with what was charged", () => {
    const paid = before({ payment: { status: "settled", amountCharged: { minor: 5997, currency: "EUR" } } });
    expect(notificationsFor(before(), paid, ALL)).toEqual([
      expect.objectContaining({
        id: `${paid.id}|payments|settled`,
        kind: "payments",
        title: "Paid: order GL-1001 at Green Leaf Tea",
        message: "The payment of €59.97 for order GL-1001 at Green Leaf Tea went through.",
      }),
    ]);
    expect(notificationsFor(paid, paid, ALL)).toEqual([]);
  });

  it("leaves out each kind the user turned off", () => {
    const after = before({
      warnings: [charged],
      payment: { status: "settled" },
      delivery: { status: "delivered" },
    });
    const kinds = (settings: typeof ALL) => notificationsFor(before(), after, settings).map((note) => note.kind);
    expect(kinds(ALL)).toEqual(["warnings", "deliveries", "payments"]);
    expect(kinds({ warnings: false, deliveries: true, payments: true, commands: true })).toEqual(["deliveries", "payments"]);
    expect(kinds({ warnings: true, deliveries: false, payments: true, commands: true })).toEqual(["warnings", "payments"]);
    expect(kinds({ warnings: true, deliveries: true, payments: false, commands: true })).toEqual(["warnings", "deliveries"]);
  });
});

describe("notification ids", () => {
  it("lead back to the trade, even when its id contains the separator", () => {
    expect(tradeIdOfNotification(notificationId("https://shop.example A|B", "payments", "settled"))).toBe(
      "https://shop.example A|B",
    );
    expect(tradeIdOfNotification(notificationId(aTrade().id, "warnings", "payment-stale"))).toBe(aTrade().id);
  });

  it.each(["", "x", "a|b", "a|other|c", "|warnings|x"])("refuse %j", (id) => {
    expect(tradeIdOfNotification(id)).toBeNull();
  });
});

describe("toolbarBadge", () => {
  it("is empty without unacknowledged warnings", () => {
    expect(toolbarBadge([])).toEqual({ text: "", color: null });
    expect(toolbarBadge([aTrade({ warnings: [aWarning({ acknowledgedAt: NOW })] })])).toEqual({ text: "", color: null });
  });

  it("counts unacknowledged warnings over all trades, coloured by the most severe", () => {
    const notice = aWarning({ code: "stale", source: "shop" });
    const warning = aWarning();
    const critical = aWarning({ code: "charged-twice" });
    expect(toolbarBadge([aTrade({ warnings: [notice] })])).toEqual({ text: "1", color: BADGE_COLOURS.notice });
    expect(toolbarBadge([aTrade({ warnings: [notice, warning] })])).toEqual({ text: "2", color: "#b45309" });
    const mutedCritical = { ...critical, acknowledgedAt: NOW };
    expect(toolbarBadge([aTrade({ warnings: [notice, mutedCritical] }), aTrade({ warnings: [warning] })])).toEqual({
      text: "2",
      color: "#b45309",
    });
    expect(toolbarBadge([aTrade({ warnings: [notice] }), aTrade({ warnings: [critical] })])).toEqual({ text: "2", color: "#b91c1c" });
    expect(BADGE_COLOURS).toEqual({ critical: "#b91c1c", warning: "#b45309", notice: "#2563eb" });
  });

  it("stays short", () => {
    const many = Array.from({ length: 1000 }, (_, i) => aWarning({ message: String(i) }));
    expect(toolbarBadge([aTrade({ warnings: many })]).text).toBe("999+");
  });
});
