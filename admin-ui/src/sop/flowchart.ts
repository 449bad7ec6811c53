import type { SopQuery } from "../graphql/generated/graphql";

type Sop = SopQuery["sop"];

export type Shape = "terminator" | "process" | "decision";

export interface FlowNode {
  step: number;
  /** Index into the SOP's actor columns (the swimlanes). */
  lane: number;
  shape: Shape;
}

export interface FlowEdge {
  from: number;
  to: number;
  /** `next` follows the procedure; `back` is a transition to an earlier step (a new round). */
  kind: "next" | "back";
  label: string | null;
}

/**
 * The swimlane flowchart of PermenPANRB 35/2012, drawn from the SOP as data: one lane per actor
 * column, the first step a terminator, the complainant's last step a decision whose "no" goes back
 * to the step the transition table sends a reply to, every other step a process.
 */
export function flowchart(sop: Sop): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const laneOf = (role: string) => sop.actorColumns.findIndex((c) => c.role === role);
  const steps = [...sop.steps].sort((a, b) => a.number - b.number);
  const stepOfStage = new Map(steps.map((s) => [s.stage as string, s.number]));
  const last = steps[steps.length - 1]?.number;
  const backs: FlowEdge[] = [];
  for (const t of sop.transitions) {
    const from = t.from ? stepOfStage.get(t.from) : undefined;
    const to = stepOfStage.get(t.to);
    if (from === undefined || to === undefined || to >= from || from !== last) continue;
    const actor = steps.find((s) => s.number === from)!.actor;
    if (t.roles.includes(actor)) backs.push({ from, to, kind: "back", label: "Tidak" });
  }
  const nodes: FlowNode[] = steps.map((s, i) => ({
    step: s.number,
    lane: laneOf(s.actor),
    shape: i === 0 ? "terminator" : s.number === last ? (backs.length ? "decision" : "terminator") : "process",
  }));
  const edges: FlowEdge[] = steps.slice(1).map((s, i) => ({ from: steps[i].number, to: s.number, kind: "next" as const, label: null }));
  return { nodes, edges: [...edges, ...backs] };
}
