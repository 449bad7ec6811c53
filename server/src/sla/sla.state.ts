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
  enteredAt: Date;
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
  const measure = (a: Date, b: Date) => (t.working ? calendar.elapsedWorking(a, b) : Math.max(0, b.getTime() - a.getTime()));
  if (t.doneAt) {
    const doneAt = new Date(t.doneAt);
    return {
      state: doneAt <= new Date(t.dueAt) ? SlaState.MET : SlaState.MISSED,
      remainingMs: measure(doneAt, new Date(t.dueAt)) - measure(new Date(t.dueAt), doneAt),
      pausesAt: null,
      resumesAt: null,
    };
  }
  const due = new Date(t.dueAt);
  const remainingMs = now < due ? measure(now, due) : -measure(due, now);
  const open = !t.working || calendar.isOpenAt(now);
  let state: SlaState;
  if (now >= due) state = SlaState.BREACHED;
  else if (!open) state = SlaState.PAUSED;
  else if (now >= new Date(t.warnAt)) state = SlaState.WARNING;
  else state = SlaState.ON_TRACK;
  return {
    state,
    remainingMs,
    pausesAt: t.working && open ? calendar.nextClosing(now) : null,
    resumesAt: t.working && !open ? calendar.nextOpening(now) : null,
  };
}
