import type { WorkingCalendar } from "../sop/calendar.js";

/** Where a stage visit stands against its time standard. */
export enum SlaState {
  ON_TRACK = "ON_TRACK",
  WARNING = "WARNING",
  BREACHED = "BREACHED",
  PAUSED = "PAUSED",
  MET = "MET",
  MISSED = "MISSED",
}

export interface SlaTiming {
  warnAt: Date;
  dueAt: Date;
  doneAt?: Date | null;
  /** WORKING steps pause outside office hours; CALENDAR steps never do. */
  working: boolean;
}

export interface SlaStatus {
  state: SlaState;
  /** Working (or calendar) milliseconds left until due; negative once overdue. */
  remainingMs: number;
  /** When the clock next stops (closing time), or null while paused, done or calendar-hours. */
  pausesAt: Date | null;
  /** When a paused clock runs again. */
  resumesAt: Date | null;
}

/** The state at `now`; everything a screen needs to keep counting by itself. */
export function slaStatus(t: SlaTiming, now: Date, calendar: WorkingCalendar): SlaStatus {
  const dueMs = t.dueAt.getTime();
  if (t.doneAt) {
    const doneMs = t.doneAt.getTime();
    return {
      state: doneMs <= dueMs ? SlaState.MET : SlaState.MISSED,
      remainingMs: measure(t.working, calendar, doneMs, dueMs) - measure(t.working, calendar, dueMs, doneMs),
      pausesAt: null,
      resumesAt: null,
    };
  }
  const nowMs = now.getTime();
  const remainingMs = nowMs < dueMs ? measure(t.working, calendar, nowMs, dueMs) : -measure(t.working, calendar, dueMs, nowMs);
  const open = !t.working || calendar.isOpenAt(now);
  let state: SlaState;
  if (nowMs >= dueMs) state = SlaState.BREACHED;
  else if (!open) state = SlaState.PAUSED;
  else if (nowMs >= t.warnAt.getTime()) state = SlaState.WARNING;
  else state = SlaState.ON_TRACK;
  return {
    state,
    remainingMs,
    pausesAt: t.working && open ? calendar.nextClosing(now) : null,
    resumesAt: t.working && !open ? calendar.nextOpening(now) : null,
  };
}

function measure(working: boolean, calendar: WorkingCalendar, from: number, to: number): number {
  return working ? calendar.elapsedWorkingMs(from, to) : Math.max(0, to - from);
}
