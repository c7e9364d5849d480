import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "./support/browser";

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown[];
  externally_connectable?: unknown;
  content_security_policy?: { extension_pages?: string };
  browser_specific_settings?: { gecko?: { id?: string } };
}

// Why each is needed: docs/architecture.md, "Permissions".
const ALLOWED_PERMISSIONS = ["activeTab", "alarms", "scripting", "storage"];

function build(args: string[]): void {
  execFileSync("npx", ["wxt", "build", ...args], { stdio: "pipe", env: { ...process.env, TRADEWATCH_LOOPBACK: "" } });
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8")) as Manifest;

function expectLeastPrivilege(manifest: Manifest) {
  expect([...(manifest.permissions ?? [])].sort()).toEqual(ALLOWED_PERMISSIONS);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.optional_host_permissions).toEqual(["https://*/*", "http://*/*"]);
  expect(manifest.content_security_policy?.extension_pages).toContain("script-src 'self'");
}

describe("built manifests", () => {
  it("a plain Chrome build asks for no site at install", () => {
    build([]);
    const manifest = read(".output/chrome-mv3");
    expect(manifest.manifest_version).toBe(3);
    expectLeastPrivilege(manifest);
    expect(manifest.host_permissions ?? []).toEqual([]);
  });

  it("a Firefox build is MV3 with a gecko id and the same permissions", () => {
    build(["-b", "firefox", "--mv3"]);
    const manifest = read(".output/firefox-mv3");
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings?.gecko?.id).toBe("tradewatch@tradewatch.example");
    expectLeastPrivilege(manifest);
    expect(manifest.host_permissions ?? []).toEqual([]);
  });

  it("only the loopback build used by the demo and these tests may read 127.0.0.1 and localhost", () => {
    const manifest = read(EXTENSION_DIR);
    expectLeastPrivilege(manifest);
    expect(manifest.host_permissions).toEqual(["http://127.0.0.1/*", "http://localhost/*"]);
  });
});
