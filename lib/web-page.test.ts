import { describe, expect, it } from "vitest";
import { webPageUrl } from "./web-page";

describe("webPageUrl", () => {
  it("takes http and https addresses only, fragment and all", () => {
    expect(webPageUrl("https://shop.example/a?b#c")?.href).toBe("https://shop.example/a?b#c");
    expect(webPageUrl("http://127.0.0.1:8080/")?.origin).toBe("http://127.0.0.1:8080");
    for (const other of [undefined, "", "not a url", "chrome://extensions/", "file:///tmp/x.html", "about:blank", "data:text/html,x"]) {
      expect(webPageUrl(other)).toBeNull();
    }
  });
});
