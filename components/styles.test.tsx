import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const css = readFileSync(new URL("./styles.css", import.meta.url), "utf8");

/** The declarations of every rule whose selector list names `selector`. */
function rulesFor(selector: string): string[] {
  return [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)]
    .filter(([, selectors]) => selectors?.split(",").some((each) => each.trim() === selector))
    .map(([, , body]) => body ?? "");
}

describe("styles: status regions", () => {
  it("never takes an empty element out of the accessibility tree, where a status region would then go unannounced", () => {
    const hidingEmpty = [...css.matchAll(/([^{}]*:empty[^{}]*)\{([^}]*)\}/g)].filter(([, , body]) =>
      /display:\s*none|visibility:\s*hidden/.test(body ?? ""),
    );
    expect(hidingEmpty.map(([, selectors]) => selectors?.trim())).toEqual([]);
  });

  it("only takes an empty live region out of the layout", () => {
    const [rule] = rulesFor(".live-region:empty");
    expect(rule).toMatch(/position:\s*absolute/);
    expect(rule).toMatch(/clip-path:\s*inset\(50%\)/);
  });
});
