import Holidays from "date-holidays";
import { OFFICIAL_DAYS, OFFICIAL_YEARS, type OfficialDayKind } from "./holidays-id.js";

/** WITA is UTC+8 all year (no daylight saving), so local time is plain offset arithmetic. */
export const WITA_OFFSET_MS = 8 * 3_600_000;

/** "YYYY-MM-DD HH:MM" in WITA. */
export const witaText = (d: Date) => new Date(d.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
const DAY_MS = 86_400_000;
const MAX_DAYS = 3 * 366;

/** Office hours of one weekday, as "HH:MM" pairs in WITA; an empty list is a closed day. */
export type DayHours = [string, string][];

/** The weekly schedule (1 = Monday … 7 = Sunday) of a SOP version's working-time calendar. */
export interface WeeklySchedule {
  1: DayHours;
  2: DayHours;
  3: DayHours;
  4: DayHours;
  5: DayHours;
  6: DayHours;
  7: DayHours;
}

export interface CalendarSpec {
  timeZone: "Asia/Makassar";
  weekly: WeeklySchedule;
  /** Indonesian public holidays from date-holidays (country ID). */
  nationalHolidays: boolean;
}

export const DEFAULT_CALENDAR: CalendarSpec = {
  timeZone: "Asia/Makassar",
  weekly: {
    1: [["08:00", "16:00"]],
    2: [["08:00", "16:00"]],
    3: [["08:00", "16:00"]],
    4: [["08:00", "16:00"]],
    5: [["08:00", "16:00"]],
    6: [],
    7: [],
  },
  nationalHolidays: true,
};

/** A whole local day off: a collective leave day (cuti bersama) or a local closure. */
export interface Closure {
  date: string;
  label: string;
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
};

/** The local (WITA) day number of an instant: days since 1970-01-01 in WITA. */
const localDay = (t: number) => Math.floor((t + WITA_OFFSET_MS) / DAY_MS);
/** Running sums of working time start at this day (2020-01-01); spans before it are summed day by day. */
const PREFIX_FROM_DAY = Date.UTC(2020, 0, 1) / DAY_MS;
const dayStartUtc = (day: number) => day * DAY_MS - WITA_OFFSET_MS;
const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

/** Where a national day off comes from: a shipped decree (SKB), or the date-holidays library for years without one. */
export type NationalSource = "DECREE" | "LIBRARY";

/** A national day off of one year: the decree's, or the library's when no decree is shipped for the year. */
export interface NationalDay {
  date: string;
  name: string;
  kind: OfficialDayKind;
  source: NationalSource;
  /** The decree's name; null for the library. */
  decree: string | null;
}

/** The library names the 27 Rajab holiday "Maulid Nabi Muhammad"; it is Isra Mikraj. */
const LIBRARY_NAMES: Record<string, string> = { "27 Rajab": "Isra Mikraj Nabi Muhammad SAW" };

const nationalCache = new Map<number, NationalDay[]>();

/** The national days off of a year, one per date, oldest first: the shipped decree's when there is one, else the library's public holidays. */
export function nationalDays(year: number): NationalDay[] {
  let found = nationalCache.get(year);
  if (!found) {
    if (OFFICIAL_YEARS.includes(year)) {
      found = OFFICIAL_DAYS.filter((d) => d.date.startsWith(`${year}-`)).map((d) => ({ ...d, source: "DECREE" as const }));
    } else {
      const byDate = new Map<string, NationalDay>();
      for (const h of new Holidays("ID").getHolidays(year).filter((h) => h.type === "public")) {
        const date = h.date.slice(0, 10);
        const name = LIBRARY_NAMES[h.rule] ?? h.name;
        const same = byDate.get(date);
        if (same) same.name = `${same.name} / ${name}`;
        else byDate.set(date, { date, name, kind: "HOLIDAY", source: "LIBRARY", decree: null });
      }
      found = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
    }
    nationalCache.set(year, found);
  }
  return found;
}

const nationalDateCache = new Map<number, Set<string>>();

function nationalDates(year: number): Set<string> {
  let set = nationalDateCache.get(year);
  if (!set) {
    set = new Set(nationalDays(year).map((d) => d.date));
    nationalDateCache.set(year, set);
  }
  return set;
}

/** Office hours for a span of dates (e.g. Ramadan's shorter hours), in place of the weekly ones. */
export interface HoursPeriod {
  /** First local date, YYYY-MM-DD. */
  startsOn: string;
  /** Last local date, YYYY-MM-DD (inclusive). */
  endsOn: string;
  weekly: WeeklySchedule;
}

/** What an installation changed on a SOP's calendar: national days off it works, standing hours and periods. */
export interface CalendarEdits {
  /** National days off that are working days after all. */
  open?: readonly string[];
  /** The standing weekly hours, in place of the SOP's. */
  weekly?: WeeklySchedule | null;
  periods?: readonly HoursPeriod[];
}

const parsedWeek = (weekly: WeeklySchedule): [number, number][][] =>
  [1, 2, 3, 4, 5, 6, 7].map((d) =>
    weekly[d as keyof WeeklySchedule]
      .map(([a, b]) => [minutes(a), minutes(b)] as [number, number])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]),
  );

/**
 * Working time on a SOP's calendar. Pure: the same spec, closures and instants always give the
 * same answers, whatever the host's time zone.
 */
export class WorkingCalendar {
  private readonly weekly: [number, number][][];
  private readonly closures: Set<string>;
  private readonly open: Set<string>;
  private readonly periods: { from: string; to: string; weekly: [number, number][][] }[];
  /** Open intervals by local day: the board's most overdue cards walk months of days on every read. */
  private readonly days = new Map<number, readonly [number, number][]>();
  private readonly sums: number[] = [0];
  private last: { at: number; opening: number; closing: number } | null = null;

  constructor(
    readonly spec: CalendarSpec,
    closures: readonly Closure[] = [],
    edits: CalendarEdits = {},
  ) {
    this.weekly = parsedWeek(edits.weekly ?? spec.weekly);
    this.closures = new Set(closures.map((c) => c.date));
    this.open = new Set(edits.open);
    this.periods = (edits.periods ?? []).map((p) => ({ from: p.startsOn, to: p.endsOn, weekly: parsedWeek(p.weekly) }));
  }

  /** Whether a local date (YYYY-MM-DD) is a day off. */
  isClosedDate(date: string): boolean {
    if (this.closures.has(date)) return true;
    if (this.open.has(date)) return false;
    return this.spec.nationalHolidays && nationalDates(Number(date.slice(0, 4))).has(date);
  }

  /** The office hours of a local date's weekday: a period's when one covers the date, else the standing ones. */
  private hoursOf(date: string, day: number): [number, number][] {
    const week = this.periods.find((p) => p.from <= date && date <= p.to)?.weekly ?? this.weekly;
    return week[weekday(day) - 1];
  }

  /** Open intervals of a local day, as UTC milliseconds; remembered (the calendar is immutable). */
  private intervals(day: number): readonly [number, number][] {
    let found = this.days.get(day);
    if (!found) {
      const start = dayStartUtc(day);
      const date = isoDate(day);
      found = this.isClosedDate(date) ? [] : this.hoursOf(date, day).map(([a, b]) => [start + a * 60_000, start + b * 60_000]);
      if (this.days.size >= 8192) this.days.clear();
      this.days.set(day, found);
    }
    return found;
  }

  /** Walks open intervals from `from` onwards; stops when `visit` returns a value. */
  private walk<T>(from: number, visit: (start: number, end: number) => T | undefined): T {
    const first = localDay(from);
    for (let day = first; day < first + MAX_DAYS; day++) {
      for (const [start, end] of this.intervals(day)) {
        if (end <= from) continue;
        const found = visit(Math.max(start, from), end);
        if (found !== undefined) return found;
      }
    }
    throw new Error("the calendar has no open time within three years");
  }

  /** The instant `durationMs` of working time after `from`. */
  addWorking(from: Date, durationMs: number): Date {
    let left = durationMs;
    return new Date(
      this.walk(from.getTime(), (start, end) => {
        if (left <= end - start) return start + left;
        left -= end - start;
        return undefined;
      }),
    );
  }

  /** Working time between two instants (0 when `to` is not after `from`). */
  elapsedWorking(from: Date, to: Date): number {
    return this.elapsedWorkingMs(from.getTime(), to.getTime());
  }

  elapsedWorkingMs(a: number, b: number): number {
    if (b <= a) return 0;
    const first = localDay(a);
    const last = localDay(b);
    const within = (day: number) => {
      let sum = 0;
      for (const [start, end] of this.intervals(day)) sum += Math.max(0, Math.min(end, b) - Math.max(start, a));
      return sum;
    };
    if (last - first < 2 || first < PREFIX_FROM_DAY) {
      let total = 0;
      for (let day = first; day <= last; day++) total += within(day);
      return total;
    }
    return within(first) + this.workingBefore(last) - this.workingBefore(first + 1) + within(last);
  }

  /** Working time of the whole days from PREFIX_FROM_DAY up to `day`, remembered as running sums. */
  private workingBefore(day: number): number {
    while (this.sums.length <= day - PREFIX_FROM_DAY) {
      const next = PREFIX_FROM_DAY + this.sums.length - 1;
      this.sums.push(this.sums[this.sums.length - 1] + this.intervals(next).reduce((sum, [start, end]) => sum + end - start, 0));
    }
    return this.sums[day - PREFIX_FROM_DAY];
  }

  isOpenAt(t: Date): boolean {
    return this.openAt(t.getTime());
  }

  /** `t` itself when open, else the next instant the office opens. */
  nextOpening(t: Date): Date {
    return new Date(this.around(t.getTime()).opening);
  }

  /** The next instant at or after `t` at which the office is closed. */
  nextClosing(t: Date): Date {
    return new Date(this.around(t.getTime()).closing);
  }

  private openAt(ms: number): boolean {
    for (const [start, end] of this.intervals(localDay(ms))) if (start <= ms && ms < end) return true;
    return false;
  }

  /** The next opening and closing around one instant; a board asks it of the same `now` for every card. */
  private around(ms: number): { at: number; opening: number; closing: number } {
    if (this.last?.at !== ms) {
      const open = this.openAt(ms);
      this.last = {
        at: ms,
        opening: open ? ms : this.walk(ms, (start) => start),
        closing: open ? this.walk(ms, (_start, end) => (this.openAt(end) ? undefined : end)) : ms,
      };
    }
    return this.last;
  }
}
