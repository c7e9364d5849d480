import { describe, expect, it } from "vitest";
import { loadCorpus } from "./corpus";
import { pageCases } from "./page-cases";

/** The corpus is the committed evidence of issue 6: at least 200 hostile or broken inputs, on every edge. */
describe("the hostile-input corpus", () => {
  it("holds at least 200 inputs across pages, status answers, messages and backups", () => {
    const edges = {
      "confirmation pages": pageCases().length,
      "status answers": loadCorpus("statuses.json").length,
      messages: loadCorpus("messages.json").length,
      "backup files": loadCorpus("backups.json").length,
    };
    const total = Object.values(edges).reduce((sum, count) => sum + count, 0);
    console.info(`Hostile-input corpus: ${total} inputs (${Object.entries(edges).map(([edge, count]) => `${edge} ${count}`).join(", ")})`);
    for (const count of Object.values(edges)) expect(count).toBeGreaterThanOrEqual(30);
    expect(total).toBeGreaterThanOrEqual(200);
  });

  it("names every case uniquely, so a failure points at one input", () => {
    for (const cases of [pageCases(), loadCorpus<{ group: string; name: string }>("statuses.json"), loadCorpus<{ group: string; name: string }>("messages.json"), loadCorpus<{ group: string; name: string }>("backups.json")]) {
      const names = cases.map((c) => `${c.group}: ${c.name}`);
      expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    }
  });
});
