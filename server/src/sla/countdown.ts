import type { WorkingCalendar } from "../sop/calendar.js";
import { Stage } from "../sop/sop.definition.js";
import { slaStatus, type SlaState } from "./sla.state.js";

const MAX_TOGGLES = 48;

/** What a countdown needs of a case: its current stage's instants. */
export interface CountdownSource {
  id: string;
  trackingNumber: string;
  title: string;
  opdId: string | null;
  stage: Stage;
  stageEnteredAt: Date | string;
  stageWarnAt: Date | string | null;
  stageDueAt: Date | string | null;
}

/** One running case as a screen needs it to count down by itself. */
export interface CountdownItem {
  caseId: string;
  trackingNumber: string;
  title: string;
  opdId: string | null;
  stage: Stage;
  warnAt: Date;
  dueAt: Date;
  state: SlaState;
  /** Working seconds left at the message's serverTime (negative once overdue). */
  remainingSeconds: number;
  /** Whether the clock runs at serverTime. */
  running: boolean;
  /** Upcoming instants, until a week past due, at which the clock stops or starts again, alternately. */
  toggles: Date[];
}

export function isRunning(c: CountdownSource): boolean {
  return c.stage !== Stage.CLOSED && c.stageDueAt !== null;
}

export function countdownItem(c: CountdownSource, now: Date, calendar: WorkingCalendar, working: boolean): CountdownItem {
  const warnAt = new Date(c.stageWarnAt ?? c.stageDueAt!);
  const dueAt = new Date(c.stageDueAt!);
  const status = slaStatus({ warnAt, dueAt, working }, now, calendar);
  const running = !working || calendar.isOpenAt(now);
  const toggles: Date[] = [];
  if (working) {
    // An overdue case keeps counting below zero, so a week beyond due (or now, if later).
    const horizon = new Date(Math.max(now.getTime(), dueAt.getTime()) + 7 * 86_400_000);
    let t = now;
    let open = running;
    while (toggles.length < MAX_TOGGLES) {
      const next = open ? calendar.nextClosing(t) : calendar.nextOpening(t);
      if (open && next >= horizon) break;
      toggles.push(next);
      open = !open;
      t = next;
    }
  }
  return {
    caseId: c.id,
    trackingNumber: c.trackingNumber,
    title: c.title,
    opdId: c.opdId,
    stage: c.stage,
    warnAt,
    dueAt,
    state: status.state,
    remainingSeconds: status.remainingMs / 1000,
    running,
    toggles,
  };
}

/**
 * What a client computes between messages: the remaining seconds at `at`, from an item sent at
 * `serverTime`. Past the last toggle the clock keeps the state it had there.
 */
export function remainingSecondsAt(
  item: Pick<CountdownItem, "remainingSeconds" | "running" | "toggles">,
  serverTime: Date | string,
  at: Date | string,
): number {
  let t = new Date(serverTime).getTime();
  const end = new Date(at).getTime();
  let running = item.running;
  let used = 0;
  for (const toggle of item.toggles.map((x) => new Date(x).getTime())) {
    if (toggle >= end) break;
    if (running) used += toggle - t;
    t = toggle;
    running = !running;
  }
  if (running && end > t) used += end - t;
  return item.remainingSeconds - used / 1000;
}
