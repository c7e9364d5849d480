import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { firstProblem } from "../zod-problem";
import { setZodLanguage } from "./zod-language";

describe("setZodLanguage", () => {
  afterEach(() => setZodLanguage("en"));

  it("has zod say its problems in the UI's language, English for one the catalog lacks", () => {
    const problem = () => {
      const parsed = z.object({ minor: z.int() }).safeParse({ minor: "1" });
      return parsed.success ? "" : firstProblem(parsed.error);
    };
    setZodLanguage("de-AT");
    expect(problem()).toMatch(/^minor: Ungültige Eingabe/);
    setZodLanguage("ja");
    expect(problem()).toMatch(/^minor: 無効な入力/);
    setZodLanguage("fr");
    expect(problem()).toMatch(/^minor: Invalid input/);
  });
});
