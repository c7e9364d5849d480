// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { localisePage } from "./localise-page";

describe("localisePage", () => {
  afterEach(() => {
    fakeBrowser.i18n.getUILanguage = () => "en";
  });

  it("gives the page its title and language from the browser", () => {
    fakeBrowser.i18n.getUILanguage = () => "de-CH";
    localisePage("history_pageTitle");
    expect(document.title).toBe("TradeWatch – Order history");
    expect(document.documentElement.lang).toBe("de-CH");
  });
});
