// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from "../lib/settings/schema";
import { Options } from "./Options";
import { readWaitLimit } from "./WaitLimitForm";

afterEach(cleanup);

const TEA = { origin: "https://tea.example", name: "Tea Shop" };
const BOOKS = { origin: "https://books.example", name: "Book Nook" };

function renderOptions(settings: Settings = DEFAULT_SETTINGS, shops = [TEA, BOOKS]) {
  const onSave = vi.fn<(settings: Settings) => Promise<void>>().mockResolvedValue();
  render(<Options settings={settings} shops={shops} onSave={onSave} />);
  return onSave;
}

const region = () => screen.getByRole("region", { name: "Orders that stay open" });
const daysField = () => within(region()).getByLabelText("Flag orders open longer than days") as HTMLInputElement;
const autoCancel = (shop: string) =>
  within(region()).getByLabelText(`Cancel automatically at ${shop} when the limit passes`) as HTMLInputElement;

function save() {
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

function lastSaved(onSave: ReturnType<typeof renderOptions>): Settings {
  const call = onSave.mock.calls.at(-1);
  if (!call) throw new Error("not saved");
  return call[0];
}

describe("Wait limit", () => {
  it("is off by default: no days, no shop cancelled automatically", () => {
    renderOptions();
    expect(daysField().value).toBe("");
    expect(autoCancel("Tea Shop").checked).toBe(false);
    expect(autoCancel("Book Nook").checked).toBe(false);
    expect(within(region()).getByText("Leave it empty to never flag an order.")).toBeTruthy();
  });

  it("warns, per shop, that an automatic cancellation is sent to that shop", () => {
    renderOptions();
    const box = autoCancel("Book Nook");
    const hint = document.getElementById(box.getAttribute("aria-describedby") ?? "");
    expect(hint?.textContent).toBe("This sends a cancellation to Book Nook without asking you first.");
  });

  it("saves the days and the shops to cancel at, valid for the settings schema", async () => {
    const onSave = renderOptions();
    fireEvent.input(daysField(), { target: { value: "10" } });
    fireEvent.click(autoCancel("Tea Shop"));
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const saved = lastSaved(onSave);
    expect(saved.waitLimit).toEqual({ days: 10, autoCancelOrigins: [TEA.origin] });
    expect(settingsSchema.safeParse(saved).success).toBe(true);
  });

  it("turns the limit and an automatic cancellation off again", async () => {
    const onSave = renderOptions({ ...DEFAULT_SETTINGS, waitLimit: { days: 14, autoCancelOrigins: [BOOKS.origin] } });
    expect(daysField().value).toBe("14");
    expect(autoCancel("Book Nook").checked).toBe(true);
    fireEvent.input(daysField(), { target: { value: "" } });
    fireEvent.click(autoCancel("Book Nook"));
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(lastSaved(onSave).waitLimit).toEqual({ days: null, autoCancelOrigins: [] });
  });

  it("keeps a shop no longer in the ledger, named by its host", () => {
    renderOptions({ ...DEFAULT_SETTINGS, waitLimit: { days: 5, autoCancelOrigins: ["https://gone.example"] } }, []);
    expect(autoCancel("gone.example").checked).toBe(true);
  });

  it.each(["0", "366", "2.5"])("refuses %j days next to the field and saves nothing", (text) => {
    const onSave = renderOptions();
    fireEvent.input(daysField(), { target: { value: text } });
    save();
    const field = daysField();
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(field.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Enter a whole number of days from 1 to 365, or leave it empty.",
    );
    expect(document.activeElement).toBe(field);
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe("readWaitLimit", () => {
  it("reads empty as off and whole days within the bounds", () => {
    expect(readWaitLimit({ days: " ", autoCancelOrigins: [] })).toEqual({ waitLimit: { days: null, autoCancelOrigins: [] } });
    expect(readWaitLimit({ days: "365", autoCancelOrigins: [TEA.origin] })).toEqual({
      waitLimit: { days: 365, autoCancelOrigins: [TEA.origin] },
    });
    expect(readWaitLimit({ days: "1e2", autoCancelOrigins: [] })).toHaveProperty("error");
  });
});
