import type { WorkingCalendar } from "./calendar.js";
import type { SopDefinition, SopStep } from "./sop.definition.js";

const HOUR_MS = 3_600_000;

function after(step: SopStep, enteredAt: Date, hours: number, calendar: WorkingCalendar): Date {
  return step.time.basis === "WORKING" ? calendar.addWorking(enteredAt, hours * HOUR_MS) : new Date(enteredAt.getTime() + hours * HOUR_MS);
}

/** The one place a step's time standard becomes absolute instants, stored on the visit when it starts. */
export function deadlines(sop: SopDefinition, step: SopStep, enteredAt: Date, calendar: WorkingCalendar): { warnAt: Date; dueAt: Date } {
  return {
    warnAt: after(step, enteredAt, step.time.hours * sop.warningShare, calendar),
    dueAt: after(step, enteredAt, step.time.hours, calendar),
  };
}

/** The earliest instant an admin may close the step, when the step has a minimum window. */
export function earliestCloseAt(step: SopStep, enteredAt: Date, calendar: WorkingCalendar): Date {
  return after(step, enteredAt, step.time.minHours ?? 0, calendar);
}
