import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { acceptEndpoint, isLocalHost } from "./endpoint-policy";

/** Hosts that are the user's own machine or network, written every way a URL parser accepts. */
const LOCAL_HOSTS = [
  "127.0.0.1", "127.1", "0x7f.1", "2130706433", "0177.0.0.1", "0.0.0.0", "0", "[::1]", "[::]", "[::ffff:127.0.0.1]",
  "[0:0:0:0:0:ffff:7f00:1]", "localhost", "LOCALHOST.", "a.localhost", "printer.local", "10.0.0.1", "172.16.5.4",
  "172.31.255.255", "192.168.1.1", "169.254.169.254", "[fd00::1]", "[fe80::1]",
];

const rawArb = fc.oneof(
  fc.webUrl({ validSchemes: ["https", "http", "ftp", "file", "javascript", "data"], withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.constantFrom("http://", "https://", "//", "HTTP://", " https://", "http:\\\\"), fc.constantFrom(...LOCAL_HOSTS), fc.webPath()).map((parts) => parts.join("")),
  fc.tuple(fc.constantFrom("https://", "http://"), fc.constantFrom("user:pw@", "user@", ":@", ""), fc.domain()).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ maxLength: 3000 }),
  fc.anything(),
);

const pageArb = fc.oneof(
  fc.webUrl({ validSchemes: ["https", "http"] }),
  fc.constantFrom("http://127.0.0.1:4101/orders/1", "http://localhost/x", "file:///x.html", "not a url"),
);

describe("acceptEndpoint under fuzzing", () => {
  it("never throws; accepts only credential-free http(s) URLs, and no local host for a public page", { timeout: FUZZ_TIMEOUT_MS }, () => {
    let accepted = 0;
    fc.assert(
      fc.property(rawArb, pageArb, (raw, pageUrl) => {
        const endpoint = acceptEndpoint(raw, pageUrl);
        if (endpoint === null) return;
        accepted++;
        const url = new URL(endpoint);
        const page = new URL(pageUrl);
        expect(["http:", "https:"]).toContain(url.protocol);
        expect(url.username + url.password).toBe("");
        expect(endpoint.length).toBeLessThanOrEqual(2048 * 3);
        if (!isLocalHost(page.hostname)) expect(isLocalHost(url.hostname)).toBe(false);
        // An accepted endpoint is accepted as it is: nothing left to normalise.
        expect(acceptEndpoint(endpoint, pageUrl)).toBe(endpoint);
      }),
      fuzzParams(500),
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it("refuses every spelling of a local host on a public page", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOCAL_HOSTS), fc.constantFrom("http://", "https://", "//"), fc.webPath(), (host, scheme, path) => {
        expect(acceptEndpoint(`${scheme}${host}${path}`, "https://shop.example/thanks")).toBeNull();
      }),
      fuzzParams(200),
    );
  });
});
