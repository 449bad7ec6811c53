import type { CaseDetailFragment, Role, SlaState, Stage } from "../graphql/generated/graphql";

type Visit = CaseDetailFragment["visits"][number];
type Event = CaseDetailFragment["events"][number];

export interface SopStepInfo {
  number: number;
  stage: Stage;
  description: string;
  actorLabel: string;
}

export interface VisitRow {
  id: string;
  stepNumber: number | null;
  stepName: string;
  actorLabel: string;
  round: number;
  enteredAt: string;
  dueAt: string;
  doneAt: string | null;
  doneByName: string | null;
  doneByRole: Role | null;
  slaState: SlaState;
}

/** Events that end a visit happen in the same transaction as the visit's end; allow clock rounding. */
const SAME_ACTION_MS = 1_000;

/** The event that ended a visit: the action out of its stage at the time it was done. */
export function endingEvent(visit: Visit, events: readonly Event[]): Event | null {
  if (!visit.doneAt) return null;
  const done = Date.parse(visit.doneAt);
  let best: Event | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const e of events) {
    if (e.fromStage !== visit.stage) continue;
    const gap = Math.abs(Date.parse(e.at) - done);
    if (gap <= SAME_ACTION_MS && gap < bestGap) {
      best = e;
      bestGap = gap;
    }
  }
  return best;
}

/** Every visit in the order it happened, named with the SOP's step and acting role, and who ended it. */
export function visitRows(c: Pick<CaseDetailFragment, "visits" | "events">, steps: readonly SopStepInfo[]): VisitRow[] {
  return [...c.visits]
    .sort((a, b) => Date.parse(a.enteredAt) - Date.parse(b.enteredAt))
    .map((v) => {
      const step = steps.find((s) => s.stage === v.stage) ?? null;
      const ending = endingEvent(v, c.events);
      return {
        id: v.id,
        stepNumber: step?.number ?? null,
        stepName: step?.description ?? v.stage,
        actorLabel: step?.actorLabel ?? "",
        round: v.round,
        enteredAt: v.enteredAt,
        dueAt: v.dueAt,
        doneAt: v.doneAt ?? null,
        doneByName: ending?.actorName ?? null,
        doneByRole: (v.doneByRole ?? ending?.actorRole ?? null) as Role | null,
        slaState: v.slaState,
      };
    });
}

/** The last staff member of a role who acted on the case: the name under a signature line. */
export function lastActorName(events: readonly Pick<Event, "actorRole" | "actorName">[], role: Role): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.actorRole === role && e.actorName) return e.actorName;
  }
  return null;
}
