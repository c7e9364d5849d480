import { describe, expect, it } from "vitest";
import { acceptEndpoint, isLocalHost } from "./endpoint-policy";

const PUBLIC_PAGE = "https://shop.example.com/orders/7/confirmation";
const LOCAL_PAGE = "http://127.0.0.1:4101/orders/TW-1";

describe("acceptEndpoint", () => {
  it("accepts public http and https endpoints as absolute URLs", () => {
    expect(acceptEndpoint("https://pay.example.net/api/status", PUBLIC_PAGE)).toBe("https://pay.example.net/api/status");
    expect(acceptEndpoint("http://track.example.org:8080/s?x=1", PUBLIC_PAGE)).toBe("http://track.example.org:8080/s?x=1");
    expect(acceptEndpoint("  https://pay.example.net/api/status  ", PUBLIC_PAGE)).toBe("https://pay.example.net/api/status");
  });

  it("resolves relative endpoints against the page", () => {
    expect(acceptEndpoint("/api/status", PUBLIC_PAGE)).toBe("https://shop.example.com/api/status");
    expect(acceptEndpoint("status", PUBLIC_PAGE)).toBe("https://shop.example.com/orders/7/status");
    expect(acceptEndpoint("../../api/status", PUBLIC_PAGE)).toBe("https://shop.example.com/api/status");
    expect(acceptEndpoint("//carrier.example.com/api/status", PUBLIC_PAGE)).toBe("https://carrier.example.com/api/status");
  });

  it("refuses what is not a usable web address", () => {
    for (const raw of [undefined, null, 42, {}, ["https://a.example/"], "", "   ", "http://", "https://exa mple.com/"]) {
      expect(acceptEndpoint(raw, PUBLIC_PAGE), String(raw)).toBeNull();
    }
    expect(acceptEndpoint(`https://pay.example.net/${"a".repeat(2100)}`, PUBLIC_PAGE)).toBeNull();
  });

  it("refuses other schemes", () => {
    for (const raw of ["javascript:alert(1)", "data:text/plain,hi", "ftp://files.example.com/status", "file:///etc/passwd", "ws://pay.example.net/"]) {
      expect(acceptEndpoint(raw, PUBLIC_PAGE), raw).toBeNull();
    }
  });

  it("refuses credentials in the URL", () => {
    expect(acceptEndpoint("https://user:secret@pay.example.net/api/status", PUBLIC_PAGE)).toBeNull();
    expect(acceptEndpoint("https://user@pay.example.net/api/status", PUBLIC_PAGE)).toBeNull();
    expect(acceptEndpoint("http://user:pw@127.0.0.1:4102/api/status", LOCAL_PAGE)).toBeNull();
  });

  it("refuses loopback and private-network endpoints announced by a public page", () => {
    for (const raw of [
      "http://127.0.0.1:4101/api/status",
      "http://127.1.2.3/",
      "http://2130706433/", // 127.0.0.1 written as one number
      "http://0x7f.1/",
      "http://0.0.0.0:8080/",
      "http://localhost:4102/api/status",
      "http://LOCALHOST./",
      "http://admin.localhost/",
      "http://10.0.0.1/",
      "http://172.16.0.1/",
      "http://172.31.255.255/",
      "http://192.168.1.1/cgi-bin/status",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:4103/api/status",
      "http://[::]/",
      "http://[fc00::1]/",
      "http://[fd12:3456::1]/",
      "http://[fe80::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:192.168.0.10]/",
      "http://printer.local/status",
      "http://100.64.0.1/",
      "http://100.127.255.255/",
      "http://[::ffff:100.100.1.1]/",
      "http://router/status",
      "http://router./status",
      "http://nas.lan/",
      "http://hue.home/",
      "http://printer.home.arpa/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://wiki.intranet/",
      "http://erp.corp/",
      "http://build.private/",
    ]) {
      expect(acceptEndpoint(raw, PUBLIC_PAGE), raw).toBeNull();
    }
  });

  it("refuses the loopback names Fedora and RHEL hosts files define, and their domain", () => {
    for (const raw of [
      "http://localhost.localdomain:8080/api/status",
      "http://localhost4.localdomain4/x",
      "http://localhost6.localdomain6/x",
      "http://printer.localdomain/",
    ]) {
      expect(acceptEndpoint(raw, PUBLIC_PAGE), raw).toBeNull();
    }
    expect(acceptEndpoint("http://localdomain.example.com/", PUBLIC_PAGE)).toBe("http://localdomain.example.com/");
  });

  it("keeps public addresses just outside the private ranges", () => {
    for (const raw of [
      "http://172.15.0.1/",
      "http://172.32.0.1/",
      "http://192.169.0.1/",
      "http://11.0.0.1/",
      "http://[2001:db8::1]/",
      "http://[::ffff:8.8.8.8]/",
      "http://localhost.example.com/",
      "http://local.example.com/",
      "http://100.63.255.255/",
      "http://100.128.0.1/",
      "http://lan.example.com/",
      "http://home.example.com/",
      "http://shop.example.corporate/",
      "http://internal.example.com/",
    ]) {
      expect(acceptEndpoint(raw, PUBLIC_PAGE), raw).not.toBeNull();
    }
  });

  it("lets a page on a local host name local endpoints (the reference shop, a dev server)", () => {
    expect(acceptEndpoint("http://127.0.0.1:4102/api/status", LOCAL_PAGE)).toBe("http://127.0.0.1:4102/api/status");
    expect(acceptEndpoint("/api/status", LOCAL_PAGE)).toBe("http://127.0.0.1:4101/api/status");
    expect(acceptEndpoint("http://localhost:4103/api/status", "http://localhost:4101/")).toBe("http://localhost:4103/api/status");
    expect(acceptEndpoint("http://192.168.1.20/api/status", "http://intranet.local/orders/1")).toBe("http://192.168.1.20/api/status");
    expect(acceptEndpoint("http://nas.lan/api/status", "http://router/orders/1")).toBe("http://nas.lan/api/status");
    expect(acceptEndpoint("https://pay.example.net/api/status", LOCAL_PAGE)).toBe("https://pay.example.net/api/status");
  });

  it("refuses everything when the page address cannot be read", () => {
    expect(acceptEndpoint("https://pay.example.net/api/status", "not a url")).toBeNull();
  });
});

describe("isLocalHost", () => {
  it("recognises canonical host names as the URL parser writes them", () => {
    expect(isLocalHost(new URL("http://0177.0.0.1/").hostname)).toBe(true);
    expect(isLocalHost(new URL("http://[0:0:0:0:0:0:0:1]/").hostname)).toBe(true);
    expect(isLocalHost("shop.example.com")).toBe(false);
    expect(isLocalHost("[2001:db8::1]")).toBe(false);
  });
});
