import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { useFreshDb } from "../db/test-db";
import { saveCaptured } from "../db/trades";
import { aCapturedOrder, NOW, plusMinutes } from "../domain/test-trades";
import { armPollAlarm, POLL_ALARM, runPollRound, runSteps } from "./changes";

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});

describe("runSteps", () => {
  it("runs every step though one before it failed, then throws the first failure", async () => {
    const ran: string[] = [];
    const step = (name: string, fails = false) => async () => {
      ran.push(name);
      if (fails) throw new Error(`${name} failed`);
    };
    await expect(runSteps([step("poll"), step("collectives", true), step("timeouts", true), step("outbox")])).rejects.toThrow("collectives failed");
    expect(ran).toEqual(["poll", "collectives", "timeouts", "outbox"]);
    await expect(runSteps([step("poll")])).resolves.toBeUndefined();
  });
});

describe("runPollRound", () => {
  it("arms a fallback alarm before polling, so a worker stopped mid-round is woken again", async () => {
    let alarmDuringPoll: number | undefined;
    const before = Date.now();
    await runPollRound(
      async () => {
        alarmDuringPoll = (await fakeBrowser.alarms.get(POLL_ALARM))?.scheduledTime;
      },
      async () => undefined,
      120_000,
    );
    expect(alarmDuringPoll).toBeGreaterThanOrEqual(before + 120_000);
  });

  it("keeps the fallback alarm and shows the problem when a round fails", async () => {
    const afterChange = vi.fn(async () => undefined);
    await runPollRound(
      async () => {
        throw new Error("Your browser's storage for TradeWatch is full.");
      },
      afterChange,
      120_000,
    );
    expect(afterChange).not.toHaveBeenCalled();
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeDefined();
    expect(await fakeBrowser.action.getBadgeText({})).toBe("!");
    expect(await fakeBrowser.action.getTitle({})).toBe("TradeWatch: Your browser's storage for TradeWatch is full.");
  });

  it("hands over to the ledger's own schedule after a good round", async () => {
    const afterChange = vi.fn(async () => {
      await fakeBrowser.alarms.clear(POLL_ALARM);
    });
    await runPollRound(async () => 3, afterChange, 120_000);
    expect(afterChange).toHaveBeenCalledOnce();
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();
  });
});

describe("armPollAlarm", () => {
  it("points the alarm at the earliest scheduled check, and clears it when nothing is scheduled", async () => {
    useFreshDb();
    await armPollAlarm(NOW);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();
    await saveCaptured(aCapturedOrder(), plusMinutes(NOW, 10));
    await armPollAlarm(NOW);
    expect((await fakeBrowser.alarms.get(POLL_ALARM))?.scheduledTime).toBe(Date.parse(plusMinutes(NOW, 10)));
  });
});
