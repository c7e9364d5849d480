// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import type { SiteAccessState } from "../lib/site-access";
import { SiteAccessPanel, type SiteAccessPanelProps } from "./SiteAccessPanel";

afterEach(cleanup);

function renderPanel(access: SiteAccessState | null, overrides: Partial<SiteAccessPanelProps> = {}) {
  const props: SiteAccessPanelProps = { access, onAllSites: vi.fn(), onStopTracking: vi.fn(), onAllowPageLoads: vi.fn(), error: null, ...overrides };
  render(<SiteAccessPanel {...props} />);
  return props;
}

const allSites = () => screen.getByRole("checkbox", { name: "Detect orders on all sites" }) as HTMLInputElement;

describe("SiteAccessPanel", () => {
  it("shows the all-sites grant as it is, says what it means, and asks to change it", () => {
    const props = renderPanel({ allSites: false, sites: [], pageLoads: false });
    expect(allSites().checked).toBe(false);
    expect(allSites().getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(allSites().getAttribute("aria-describedby")!)?.textContent).toContain(
      "nothing is sent anywhere unless it finds an order",
    );
    fireEvent.click(allSites());
    expect(props.onAllSites).toHaveBeenCalledWith(true);
  });

  it("turns the all-sites grant off", () => {
    const props = renderPanel({ allSites: true, sites: [], pageLoads: true });
    expect(allSites().checked).toBe(true);
    fireEvent.click(allSites());
    expect(props.onAllSites).toHaveBeenCalledWith(false);
  });

  it("lists the sites granted one by one, each with its own Stop tracking button", () => {
    const props = renderPanel({
      allSites: false,
      sites: [
        { pattern: "https://shop.example/*", label: "shop.example" },
        { pattern: "http://old.example/*", label: "http://old.example" },
      ],
      pageLoads: true,
    });
    expect(screen.queryByRole("alert")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Stop tracking on http://old.example" }));
    expect(props.onStopTracking).toHaveBeenCalledWith("http://old.example/*");
    expect(screen.getByRole("button", { name: "Stop tracking on shop.example" })).toBeTruthy();
  });

  it("says how to allow a site when none is, and shows why a change failed", () => {
    renderPanel({ allSites: false, sites: [], pageLoads: false }, { error: "Could not allow all sites: denied" });
    expect(screen.getByText(/Track orders on this site/)).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toBe("Could not allow all sites: denied");
  });

  it("says, before anything is allowed, what the browser's prompt will also ask for and why", () => {
    renderPanel({ allSites: false, sites: [], pageLoads: false });
    expect(screen.getByText(/may also ask to let TradeWatch know when pages load/).textContent).toContain("keeps no other address");
    expect(screen.queryByRole("button", { name: "Let TradeWatch know when pages load" })).toBeNull();
  });

  it("warns when sites are allowed but the browser does not say when pages load, and asks for that alone", () => {
    for (const access of [
      { allSites: false, sites: [{ pattern: "https://shop.example/*", label: "shop.example" }], pageLoads: false },
      { allSites: true, sites: [], pageLoads: false },
    ]) {
      const props = renderPanel(access);
      expect(screen.getByRole("alert").textContent).toBe("TradeWatch is not told when pages load, so it finds no new orders on the sites you allowed.");
      fireEvent.click(screen.getByRole("button", { name: "Let TradeWatch know when pages load" }));
      expect(props.onAllowPageLoads).toHaveBeenCalledOnce();
      cleanup();
    }
  });

  it("offers nothing while the grants are being read", () => {
    renderPanel(null);
    expect(screen.queryByRole("checkbox")).toBeNull();
  });
});
