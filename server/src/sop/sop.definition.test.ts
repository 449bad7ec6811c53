import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { OPEN_STAGES, SOP_V1 } from "./sop.definition.js";

const seed = readFileSync(resolve(import.meta.dirname, "../../../docs/sop-pengaduan-sp4n-lapor.txt"), "utf8");
const flat = (s: string) =>
  s
    .replace(/\s+/g, " ")
    .replace(/\s*\/\s*/g, "/")
    .toLowerCase();
const inSeed = (s: string) => flat(seed).includes(flat(s));

describe("the SOP definition matches the signed SOP text", () => {
  it("header", () => {
    for (const s of [SOP_V1.number, SOP_V1.title, SOP_V1.approvedBy.name, SOP_V1.approvedBy.nip, SOP_V1.warning]) {
      expect(inSeed(s), s).toBe(true);
    }
  });

  it("legal basis, qualifications, related SOP, equipment", () => {
    for (const s of [...SOP_V1.legalBasis, ...SOP_V1.qualifications, ...SOP_V1.relatedSops]) expect(inSeed(s), s).toBe(true);
    expect(SOP_V1.legalBasis).toHaveLength(6);
    expect(SOP_V1.equipment).toHaveLength(4);
  });

  it("five steps with their actor, requirements, time, output and remarks", () => {
    expect(SOP_V1.steps.map((s) => s.stage)).toEqual([...OPEN_STAGES]);
    for (const step of SOP_V1.steps) {
      expect(inSeed(`${step.number}\t${step.description}`), step.description).toBe(true);
      expect(inSeed(step.requirements.join(", ")), step.requirements.join()).toBe(true);
      expect(inSeed(step.time.label), step.time.label).toBe(true);
      expect(inSeed(step.output.join(", ")), step.output.join()).toBe(true);
      if (step.remarks) expect(inSeed(step.remarks), step.remarks).toBe(true);
      expect(SOP_V1.actorColumns.some((c) => c.role === step.actor && c.label === step.actorLabel)).toBe(true);
    }
    expect(SOP_V1.steps.map((s) => s.time.hours)).toEqual([24, 2, 2, 2, 70]);
    expect(SOP_V1.steps[4].time.minHours).toBe(7);
  });
});
