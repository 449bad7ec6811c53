import type { WorkingCalendar } from "./calendar.js";
import type { SopStep } from "./sop.definition.js";

const HOUR_MS = 3_600_000;
/** A running visit turns WARNING when this share of its time is used. */
export const WARNING_SHARE = 0.75;

function after(step: SopStep, enteredAt: Date, hours: number, calendar: WorkingCalendar): Date {
  return step.time.basis === "WORKING"
    ? calendar.addWorking(enteredAt, hours * HOUR_MS)
    : new Date(enteredAt.getTime() + hours * HOUR_MS);
}

/** The one place a step's time standard becomes absolute instants, stored on the visit when it starts. */
export function deadlines(step: SopStep, enteredAt: Date, calendar: WorkingCalendar): { warnAt: Date; dueAt: Date } {
  return {
    warnAt: after(step, enteredAt, step.time.hours * WARNING_SHARE, calendar),
    dueAt: after(step, enteredAt, step.time.hours, calendar),
  };
}

/** The earliest instant an admin may close the step, when the step has a minimum window. */
export function earliestCloseAt(step: SopStep, enteredAt: Date, calendar: WorkingCalendar): Date {
  return after(step, enteredAt, step.time.minHours ?? 0, calendar);
}
