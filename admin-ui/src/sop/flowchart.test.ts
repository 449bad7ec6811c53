import { describe, expect, it } from "vitest";
import type { SopQuery } from "../graphql/generated/graphql";
import { flowchart } from "./flowchart";

type Sop = SopQuery["sop"];
const step = (number: number, stage: string, actor: string) =>
  ({
    number,
    stage,
    actor,
    description: "",
    actorLabel: "",
    requirements: [],
    time: { label: "", hours: 1, minHours: null },
    output: [],
    remarks: null,
  }) as unknown as Sop["steps"][number];
const t = (from: string | null, action: string, to: string, roles: string[]) =>
  ({ from, action, to, roles, required: [], optional: [], templates: [] }) as unknown as Sop["transitions"][number];

const SOP = {
  actorColumns: [
    { role: "COMPLAINANT", label: "Pengadu" },
    { role: "ADMIN_INSTANSI", label: "Admin Instansi" },
    { role: "ADMIN_OPD", label: "Admin OPD" },
    { role: "LIAISON", label: "Pejabat Penghubung" },
  ],
  steps: [
    step(1, "DISPOSITION", "ADMIN_INSTANSI"),
    step(2, "INITIAL_RESPONSE", "ADMIN_OPD"),
    step(3, "ANALYSIS", "LIAISON"),
    step(4, "DELIVERY", "ADMIN_OPD"),
    step(5, "CONFIRMATION", "COMPLAINANT"),
  ],
  transitions: [
    t("DISPOSITION", "FORWARD", "INITIAL_RESPONSE", ["ADMIN_INSTANSI"]),
    t("INITIAL_RESPONSE", "RETURN_TO_INSTANSI", "DISPOSITION", ["ADMIN_OPD"]),
    t("DELIVERY", "SEND_BACK", "ANALYSIS", ["ADMIN_OPD"]),
    t("CONFIRMATION", "REPLY", "INITIAL_RESPONSE", ["COMPLAINANT"]),
    t("CONFIRMATION", "CLOSE", "CLOSED", ["ADMIN_OPD"]),
  ],
} as unknown as Sop;

describe("SOP flowchart", () => {
  it("puts each step in its actor's lane, starts with a terminator and ends with the complainant's decision", () => {
    const { nodes } = flowchart(SOP);
    expect(nodes.map((n) => [n.step, n.lane, n.shape])).toEqual([
      [1, 1, "terminator"],
      [2, 2, "process"],
      [3, 3, "process"],
      [4, 2, "process"],
      [5, 0, "decision"],
    ]);
  });

  it("links the steps in order and draws the reply back to the step the table sends it to", () => {
    const { edges } = flowchart(SOP);
    expect(edges.filter((e) => e.kind === "next").map((e) => [e.from, e.to])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(edges.filter((e) => e.kind === "back")).toEqual([{ from: 5, to: 2, kind: "back", label: "Tidak" }]);
  });

  it("redraws a revised SOP: a step moved to another actor moves lanes", () => {
    const revised = { ...SOP, steps: SOP.steps.map((s) => (s.number === 3 ? { ...s, actor: "ADMIN_OPD" } : s)) } as Sop;
    expect(flowchart(revised).nodes.find((n) => n.step === 3)?.lane).toBe(2);
  });
});
