import { describe, expect, it } from "vitest";
import { disclosedFields, recordDisclosure } from "./disclosures";
import { aTrade, NOW, ORIGIN, plusMinutes } from "./test-trades";

const PROFILE = { name: "Ada Lovelace", address: "12 St James's Square, London", email: "ada@example.org" };

describe("recording personal information sent to a shop (seed 000 claim 4)", () => {
  it("records what went to whom and when, with a line in the history", () => {
    const trade = recordDisclosure(aTrade(), { to: ORIGIN, fields: disclosedFields(PROFILE), command: "confirm", collectiveId: null }, NOW);
    expect(trade.disclosures).toEqual([{ at: NOW, to: ORIGIN, fields: ["name", "address", "email"], command: "confirm", collectiveId: null }]);
    expect(trade.history.at(-1)).toMatchObject({ kind: "disclosure", text: "Your name, postal address, and e-mail address sent to Green Leaf Tea with the confirm" });
  });

  it("records every confirm (the profile may have changed), but a collective's commit once", () => {
    const confirm = { to: ORIGIN, fields: disclosedFields(PROFILE), command: "confirm" as const, collectiveId: null };
    const twice = recordDisclosure(recordDisclosure(aTrade(), confirm, NOW), confirm, plusMinutes(NOW, 5));
    expect(twice.disclosures).toHaveLength(2);
    const commit = { ...confirm, command: "commit" as const, collectiveId: "c-1" };
    const once = recordDisclosure(aTrade(), commit, NOW);
    expect(recordDisclosure(once, commit, plusMinutes(NOW, 5))).toBe(once);
  });
});
