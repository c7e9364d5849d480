import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PAGE_LOADS } from "../../lib/permissions";
import { EXTENSION_DIR } from "./support/browser";

/**
 * Least privilege and hardening, checked on the built extensions (issue 6). The allow-list
 * and the explanation of every add-on linter warning live in docs/security.md: this test
 * reads them from there, so the document and the build cannot drift apart.
 */

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown[];
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
}

const SECURITY_DOC = readFileSync("docs/security.md", "utf8");

/** The rows of the markdown table that follows `heading` in docs/security.md, as cells. */
function tableAfter(heading: string): string[][] {
  const start = SECURITY_DOC.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/security.md has no "${heading}" section`);
  const section = SECURITY_DOC.slice(start + heading.length + 2).split(/\n#{1,3} /)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
}

const code = (cell: string | undefined) => [...(cell ?? "").matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);

/** Permission → the API calls (from the "Used through" column) that prove a feature uses it. */
const ALLOWED = new Map(tableAfter("## Permissions").map(([permission, , usedThrough]) => [code(permission)[0] ?? "", code(usedThrough)]));
const ALLOWED_HOSTS = tableAfter("## Host access").map(([pattern, build]) => ({ pattern: code(pattern)[0] ?? "", build: build ?? "" }));
const EXPLAINED_LINTER_CODES = new Set(tableAfter("## Add-on linter warnings").flatMap(([linterCode]) => code(linterCode)));

function build(args: string[]): void {
  // The plain builds go to .output, never to the loopback build the other tests read (TRADEWATCH_OUT_DIR).
  const { TRADEWATCH_OUT_DIR: _loopbackDir, ...env } = process.env;
  execFileSync("npx", ["wxt", "build", ...args], { stdio: "pipe", env: { ...env, TRADEWATCH_LOOPBACK: "" } });
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8")) as Manifest;

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

const SOURCES = ["entrypoints", "components", "lib"].flatMap((dir) =>
  filesUnder(dir, (path) => /\.tsx?$/.test(path) && !/\.(test|fuzz\.test)\.tsx?$/.test(path) && !/\/test-[\w-]+\.ts$/.test(path)),
);
const sourceText = SOURCES.map((path) => readFileSync(path, "utf8")).join("\n");

function expectLeastPrivilege(manifest: Manifest) {
  const permissions = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
  expect(permissions.filter((permission) => !ALLOWED.has(permission))).toEqual([]);
  expect(manifest.content_scripts ?? []).toEqual([]);
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.web_accessible_resources).toBeUndefined();
  expect(manifest.optional_host_permissions).toEqual(ALLOWED_HOSTS.filter((h) => h.build === "all, asked per site").map((h) => h.pattern));
  for (const host of [...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])]) {
    expect(host).not.toMatch(/^<all_urls>$|^\*:\/\/\*\/\*$/);
  }
}

/** script-src only 'self' (no eval, no inline, no remote host), and no plugins. */
function expectStrictCsp(manifest: Manifest) {
  const csp = manifest.content_security_policy?.extension_pages ?? "";
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  expect(directives.get("script-src")).toEqual(["'self'"]);
  expect(["'self'", "'none'"]).toContain(directives.get("object-src")?.[0]);
  expect(directives.get("base-uri")).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp).not.toMatch(/unsafe-|https?:|\*/);
}

/** Every script a built page loads is one of the extension's own files. */
function expectNoRemoteCode(dir: string) {
  for (const page of filesUnder(dir, (path) => path.endsWith(".html"))) {
    const html = readFileSync(page, "utf8");
    for (const [, src] of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) expect(src).not.toMatch(/^(https?:)?\/\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
  }
  for (const script of filesUnder(dir, (path) => path.endsWith(".js"))) {
    expect(readFileSync(script, "utf8")).not.toMatch(/import\(\s*["'`]https?:|importScripts\(\s*["'`]https?:/);
  }
}

describe("least privilege and hardening of the built extension", () => {
  beforeAll(() => {
    build([]);
    build(["-b", "firefox", "--mv3"]);
  }, 180_000);

  it("docs/security.md explains every permission it allows", () => {
    expect([...ALLOWED.keys()].sort()).toEqual(["activeTab", "alarms", "notifications", "scripting", "storage", "webNavigation"]);
    for (const [, usedThrough] of ALLOWED) expect(usedThrough.length).toBeGreaterThan(0);
  });

  it("asks only for permissions a feature uses: each one's API is called in the source", () => {
    const manifest = read(".output/chrome-mv3");
    for (const permission of [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]) {
      for (const call of ALLOWED.get(permission) ?? []) expect(sourceText, `${permission} is used through ${call}`).toContain(call);
    }
  });

  it("a plain Chrome build asks for no site at install, and has a strict CSP", () => {
    const manifest = read(".output/chrome-mv3");
    expect(manifest.manifest_version).toBe(3);
    expectLeastPrivilege(manifest);
    expectStrictCsp(manifest);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.permissions).not.toContain(PAGE_LOADS);
    expect(manifest.optional_permissions).toEqual([PAGE_LOADS]);
    expectNoRemoteCode(".output/chrome-mv3");
  });

  it("a Firefox build is MV3 with a gecko id, the same permissions and CSP", () => {
    const manifest = read(".output/firefox-mv3");
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings?.gecko?.id).toBe("tradewatch@tradewatch.example");
    // Older Firefox has no page-world scripting, which the detector needs.
    expect(manifest.browser_specific_settings?.gecko?.strict_min_version).toBe("140.0");
    expectLeastPrivilege(manifest);
    expectStrictCsp(manifest);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.permissions).not.toContain(PAGE_LOADS);
    expect(manifest.optional_permissions).toEqual([PAGE_LOADS]);
    expectNoRemoteCode(".output/firefox-mv3");
  });

  it("only the loopback build used by the demo and these tests may read 127.0.0.1 and localhost", () => {
    const manifest = read(EXTENSION_DIR);
    expectLeastPrivilege(manifest);
    expectStrictCsp(manifest);
    expect(manifest.host_permissions).toEqual(ALLOWED_HOSTS.filter((h) => h.build === "demo and test build only").map((h) => h.pattern));
    expect(manifest.permissions).toContain(PAGE_LOADS);
    expect(manifest.optional_permissions ?? []).toEqual([]);
  });

  it("Mozilla's add-on linter finds no error, and every warning is explained in docs/security.md", () => {
    const run = spawnSync("node_modules/.bin/addons-linter", ["--output", "json", "--boring", ".output/firefox-mv3"], { encoding: "utf8" });
    const report = JSON.parse(run.stdout) as {
      errors: { code: string; message: string; file?: string }[];
      warnings: { code: string; message: string; file?: string }[];
    };
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ""}: ${e.message}`)).toEqual([]);
    const unexplained = report.warnings.filter((w) => !EXPLAINED_LINTER_CODES.has(w.code));
    expect(unexplained.map((w) => `${w.code} ${w.file ?? ""}: ${w.message}`)).toEqual([]);
  }, 120_000);

  it("no source file writes markup from strings or evaluates code", () => {
    expect(SOURCES.length).toBeGreaterThan(20);
    const forbidden = /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|createContextualFragment|document\.write)\b|\beval\s*\(|\bnew\s+Function\b|\bsetTimeout\(\s*["'`]/;
    const offenders = SOURCES.filter((path) => forbidden.test(readFileSync(path, "utf8")));
    expect(offenders).toEqual([]);
  });
});
