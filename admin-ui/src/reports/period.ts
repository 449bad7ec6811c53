/** WITA is UTC+8 all year (no daylight saving). */
const WITA_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** The WITA calendar day of an instant: "2026-11-28". */
export function witaDay(at: number | Date): string {
  const d = new Date(new Date(at).getTime() + WITA_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The WITA month of an instant: "2026-11". */
export const witaMonth = (at: number | Date): string => witaDay(at).slice(0, 7);

/** 00:00 WITA of a day, as an instant. */
export function dayStart(day: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - WITA_MS);
}

export interface Period {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** Whole WITA days, both ends included: [first 00:00 WITA, the day after last 00:00 WITA). */
export function daysPeriod(first: string, last: string): Period {
  return { from: dayStart(first), to: new Date(dayStart(last).getTime() + DAY_MS) };
}

export const isMonth = (value: unknown): value is string => typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
export const isDay = (value: unknown): value is string =>
  typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value);

/** A WITA calendar month: [1st 00:00 WITA, 1st of the next month 00:00 WITA). */
export function monthPeriod(month: string): Period {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  const [y, m] = month.split("-").map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1) - WITA_MS), to: new Date(Date.UTC(y, m, 1) - WITA_MS) };
}

/** The first and last WITA day of a month, for date pickers. */
export function monthDays(month: string): { first: string; last: string } {
  const { from, to } = monthPeriod(month);
  return { first: witaDay(from), last: witaDay(to.getTime() - 1) };
}

/** The month before or after. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
