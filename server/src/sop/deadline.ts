import type { SopStep } from "./sop.definition.js";

const HOUR_MS = 3_600_000;

/**
 * The one place a step's time standard becomes an absolute instant. Calendar hours for now;
 * the working-hours calendar replaces only these functions.
 */
export function dueAt(step: SopStep, enteredAt: Date): Date {
  return new Date(enteredAt.getTime() + step.time.hours * HOUR_MS);
}

/** The earliest instant an admin may close the step, when the step has a minimum window. */
export function earliestCloseAt(step: SopStep, enteredAt: Date): Date {
  return new Date(enteredAt.getTime() + (step.time.minHours ?? 0) * HOUR_MS);
}
