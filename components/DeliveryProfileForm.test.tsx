// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from "../lib/settings/schema";
import { readProfile } from "./DeliveryProfileForm";
import { Options } from "./Options";

afterEach(cleanup);

const PROFILE = { name: "Ada Lovelace", address: "12 St James's Square\nLondon", email: "ada@example.com" };

function renderOptions(settings: Settings = DEFAULT_SETTINGS) {
  const onSave = vi.fn<(settings: Settings) => Promise<void>>().mockResolvedValue();
  render(<Options settings={settings} shops={[]} onSave={onSave} />);
  return onSave;
}

const region = () => screen.getByRole("region", { name: "Delivery details" });
const field = (label: string) => within(region()).getByLabelText(label) as HTMLInputElement | HTMLTextAreaElement;

function type(label: string, text: string) {
  fireEvent.input(field(label), { target: { value: text } });
}

function save() {
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

function errorOf(element: HTMLElement): string | null {
  expect(element.getAttribute("aria-invalid")).toBe("true");
  const id = element.getAttribute("aria-describedby");
  return id === null ? null : (document.getElementById(id)?.textContent ?? null);
}

describe("Delivery details", () => {
  it("explains when the details are sent, with labelled fields for name, address and e-mail", () => {
    renderOptions();
    expect(within(region()).getByText(/Sent to a shop only when you confirm an order with it/).textContent).toBe(
      "Sent to a shop only when you confirm an order with it (the commit of a completion), never when an order is captured or prepared. Each order records what was sent, to whom and when.",
    );
    expect(field("Name").value).toBe("");
    expect(field("Postal address").tagName).toBe("TEXTAREA");
    expect(field("E-mail").getAttribute("type")).toBe("email");
    expect(screen.queryByRole("button", { name: "Remove my details" })).toBeNull();
  });

  it("saves the details, trimmed, with the rest of the settings, and the result passes the settings schema", async () => {
    const onSave = renderOptions();
    type("Name", `  ${PROFILE.name} `);
    type("Postal address", PROFILE.address);
    type("E-mail", PROFILE.email);
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const saved = onSave.mock.calls[0]?.[0];
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, deliveryProfile: PROFILE });
    expect(settingsSchema.safeParse(saved).success).toBe(true);
  });

  it("refuses an invalid e-mail next to the field, focuses it and saves nothing", () => {
    const onSave = renderOptions();
    type("Name", PROFILE.name);
    type("Postal address", PROFILE.address);
    type("E-mail", "ada at example");
    save();
    expect(errorOf(field("E-mail"))).toBe("Enter an e-mail address such as you@example.com.");
    expect(document.activeElement).toBe(field("E-mail"));
    expect(field("Name").getAttribute("aria-invalid")).toBe("false");
    expect(onSave).not.toHaveBeenCalled();
  });

  it("asks for every field once one is filled in", () => {
    const onSave = renderOptions();
    type("E-mail", PROFILE.email);
    save();
    expect(errorOf(field("Name"))).toMatch(/^Enter the name parcels are addressed to/);
    expect(errorOf(field("Postal address"))).toMatch(/^Enter your postal address/);
    expect(document.activeElement).toBe(field("Name"));
    expect(onSave).not.toHaveBeenCalled();
  });

  it("shows stored details and removes them on request, saving no profile", async () => {
    const onSave = renderOptions({ ...DEFAULT_SETTINGS, deliveryProfile: PROFILE });
    expect(field("Name").value).toBe(PROFILE.name);
    expect(field("Postal address").value).toBe(PROFILE.address);
    fireEvent.click(screen.getByRole("button", { name: "Remove my details" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].deliveryProfile).toBeNull();
    expect(field("Name").value).toBe("");
    expect(field("E-mail").value).toBe("");
    expect(screen.getByRole("status").textContent).toBe("Your details were removed.");
  });

  it("removes the stored details at once while a limit is invalid, keeping the unsaved limit on the page", async () => {
    const stored: Settings = {
      ...DEFAULT_SETTINGS,
      limits: [{ id: "l1", amount: { currency: "EUR", minor: 50000 }, shopOrigin: null, period: "none" }],
      deliveryProfile: PROFILE,
    };
    const onSave = vi.fn<(settings: Settings) => Promise<void>>();
    // As the options page does: what was saved is handed back as the stored settings.
    function Wired() {
      const [settings, setSettings] = useState(stored);
      const store = async (next: Settings) => {
        await onSave(next);
        setSettings(next);
      };
      return <Options settings={settings} shops={[]} onSave={store} />;
    }
    render(<Wired />);
    const amount = screen.getByLabelText("Limit in EUR") as HTMLInputElement;
    fireEvent.input(amount, { target: { value: "lots" } });
    fireEvent.click(screen.getByRole("button", { name: "Remove my details" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ ...stored, deliveryProfile: null }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Remove my details" })).toBeNull());
    const status = screen.getByRole("status");
    expect(status.textContent).toBe("Your details were removed.");
    expect(document.activeElement).toBe(status);
    expect(field("Name").value).toBe("");
    expect((screen.getByLabelText("Limit in EUR") as HTMLInputElement).value).toBe("lots");
  });

  it("keeps the details on the page, and says why, when removing them fails", async () => {
    const onSave = vi.fn<(settings: Settings) => Promise<void>>().mockRejectedValue(new Error("Storage is full"));
    render(<Options settings={{ ...DEFAULT_SETTINGS, deliveryProfile: PROFILE }} shops={[]} onSave={onSave} />);
    fireEvent.click(screen.getByRole("button", { name: "Remove my details" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Storage is full");
    expect(field("Name").value).toBe(PROFILE.name);
    expect(screen.getByRole("status").textContent).toBe("");
  });
});

describe("readProfile", () => {
  it("reads all-empty fields as no profile", () => {
    expect(readProfile({ name: " ", address: "", email: "" })).toEqual({ profile: null });
  });

  it("flags only the fields that are wrong", () => {
    expect(readProfile({ ...PROFILE, name: "x".repeat(201) })).toEqual({
      errors: { name: "Enter the name parcels are addressed to (at most 200 characters)." },
    });
  });
});
