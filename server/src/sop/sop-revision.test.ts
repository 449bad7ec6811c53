import { describe, expect, it } from "vitest";
import { applyRevision, diffDefinitions, revisionOf, timeLabel } from "./sop-revision.js";
import { SOP_V1 } from "./sop.definition.js";

describe("a revision of the SOP", () => {
  it("that changes nothing gives the same definition and no diff", () => {
    const same = applyRevision(SOP_V1, revisionOf(SOP_V1));
    expect(JSON.parse(JSON.stringify(same))).toEqual(JSON.parse(JSON.stringify(SOP_V1)));
    expect(diffDefinitions(SOP_V1, same)).toEqual([]);
  });

  it("keeps the steps' structure and prints the label from the hours", () => {
    const r = revisionOf(SOP_V1);
    r.steps[4] = { ...r.steps[4], hours: 80, minHours: 7.5 };
    r.steps[1] = { ...r.steps[1], hours: 1.5, basis: "CALENDAR" };
    const d = applyRevision(SOP_V1, r);
    expect(d.steps.map((s) => [s.stage, s.actor, s.time.label])).toEqual([
      [SOP_V1.steps[0].stage, SOP_V1.steps[0].actor, "24 Jam"],
      [SOP_V1.steps[1].stage, SOP_V1.steps[1].actor, "1,5 Jam"],
      [SOP_V1.steps[2].stage, SOP_V1.steps[2].actor, "2 Jam"],
      [SOP_V1.steps[3].stage, SOP_V1.steps[3].actor, "2 Jam"],
      [SOP_V1.steps[4].stage, SOP_V1.steps[4].actor, "7,5-80 Jam"],
    ]);
    expect(diffDefinitions(SOP_V1, d)).toEqual([
      { field: "steps.2.time", before: "2 Jam (jam kerja)", after: "1,5 Jam (jam kalender)" },
      { field: "steps.5.time", before: "7-70 Jam (jam kerja)", after: "7,5-80 Jam (jam kerja)" },
    ]);
    expect(timeLabel(3)).toBe("3 Jam");
  });
});
