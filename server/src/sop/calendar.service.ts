import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager, Repository } from "typeorm";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, invalid, isUniqueViolation, notFound } from "../errors.js";
import { Topic, CITY_SCOPE, type RealtimeBus } from "../realtime/pubsub.js";
import { recordChange, type TrailActor } from "../trail/admin-trail.js";
import { MAX, text, uuid } from "../validate.js";
import { nationalDays, WorkingCalendar, type CalendarSpec, type DayHours, type NationalDay, type WeeklySchedule } from "./calendar.js";
import { CalendarClosure, type DayEffect } from "./calendar-closure.entity.js";
import {
  DayOffKind,
  DayOffSource,
  DayOverride,
  type CalendarChange,
  type CalendarDay,
  type CalendarDayOff,
  type CalendarType,
  type DayOffChangeInput,
  type DayOffInput,
  type OfficeHoursInput,
  type OfficeHoursPeriod,
  type OfficeHoursPeriodInput,
  type WeekdayHoursInput,
} from "./calendar.types.js";
import { OfficeHours, STANDING_HOURS_ID } from "./office-hours.entity.js";
import type { SopService } from "./sop.service.js";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A local date (YYYY-MM-DD) that exists. */
function localDate(field: string, value: string): string {
  const v = (value ?? "").trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw invalid(field, "must be a date as YYYY-MM-DD");
  }
  const year = Number(v.slice(0, 4));
  if (year < 2000 || year > 2100) throw invalid(field, "must be a date from 2000 to 2100");
  return v;
}

/** Each weekday once, each with sorted, non-overlapping "HH:MM-HH:MM" periods. */
function weeklyOf(field: string, days: WeekdayHoursInput[]): WeeklySchedule {
  if (!Array.isArray(days) || days.length !== 7 || WEEKDAYS.some((d) => days.filter((x) => x.weekday === d).length !== 1)) {
    throw invalid(field, "must give each weekday 1 to 7 exactly once");
  }
  const weekly = {} as WeeklySchedule;
  for (const d of WEEKDAYS) {
    const given = days.find((x) => x.weekday === d)!.hours;
    if (given.length > 4) throw invalid(field, `weekday ${d}: at most 4 periods`);
    const pairs: DayHours = given.map((h) => {
      const m = HOURS.exec(h.trim());
      if (!m) throw invalid(field, `weekday ${d}: "${h}" is not HH:MM-HH:MM`);
      const [from, to] = h.trim().split("-");
      if (to <= from) throw invalid(field, `weekday ${d}: "${h}" must end after it starts`);
      return [from, to];
    });
    pairs.sort((a, b) => a[0].localeCompare(b[0]));
    for (let i = 1; i < pairs.length; i++) {
      if (pairs[i][0] < pairs[i - 1][1]) throw invalid(field, `weekday ${d}: periods overlap`);
    }
    weekly[d] = pairs;
  }
  return weekly;
}

const weekDays = (weekly: WeeklySchedule): CalendarDay[] =>
  WEEKDAYS.map((d) => ({ weekday: d, hours: weekly[d].map(([a, b]) => `${a}-${b}`) }));
const weekText = (weekly: WeeklySchedule) =>
  WEEKDAYS.map((d) => `${d}: ${weekly[d].map(([a, b]) => `${a}-${b}`).join(", ") || "tutup"}`).join("; ");
const changeOf = (row: { reason: string; changedBy: string; changedAt: Date | null }): CalendarChange => ({
  reason: row.reason,
  changedBy: row.changedBy,
  changedAt: row.changedAt,
});

const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);

/** What one day's edit works on, inside its transaction. */
interface DayEdit {
  date: string;
  /** The installation's edit held for the date, locked. */
  edit: CalendarClosure | null;
  national: NationalDay | undefined;
  repo: Repository<CalendarClosure>;
  /** The date's edit row with who, when and why. */
  row: (effect: DayEffect, label: string) => CalendarClosure;
  record: (action: string, summary: string, before: Record<string, unknown> | null, after: Record<string, unknown>) => Promise<void>;
}

/**
 * The working-time calendar of each SOP version: the national days off (a shipped decree, or the
 * library for other years), the installation's own day edits and office hours. Editing it moves no
 * running deadline: those were stored as instants when each visit started; steps that start later
 * count on the new calendar.
 */
export class CalendarService {
  private edits: CalendarClosure[] = [];
  private hours: OfficeHours[] = [];
  private readonly cache = new Map<number, WorkingCalendar>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly ds: DataSource,
    private readonly sops: SopService,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
  ) {}

  /** Reads the edits and hours; tells the listeners when they differ from what was held. */
  async load(): Promise<void> {
    const [edits, hours] = await Promise.all([
      this.ds.getRepository(CalendarClosure).find({ order: { date: "ASC" } }),
      this.ds.getRepository(OfficeHours).find({ order: { startsOn: "ASC", id: "ASC" } }),
    ]);
    const key = (e: CalendarClosure[], h: OfficeHours[]) =>
      JSON.stringify([e.map((c) => [c.date, c.label, c.effect]), h.map((x) => [x.id, x.startsOn, x.endsOn, x.weekly])]);
    const changed = key(edits, hours) !== key(this.edits, this.hours);
    this.edits = edits;
    this.hours = hours;
    this.cache.clear();
    const current = this.sops.current();
    this.cache.set(current.version, this.build(current.definition.calendar));
    if (changed) for (const listener of this.listeners) listener();
  }

  private build(spec: CalendarSpec): WorkingCalendar {
    const standing = this.hours.find((h) => h.id === STANDING_HOURS_ID);
    return new WorkingCalendar(
      spec,
      this.edits.filter((e) => e.effect === "CLOSED"),
      {
        open: this.edits.filter((e) => e.effect === "OPEN").map((e) => e.date),
        weekly: standing?.weekly ?? null,
        periods: this.hours
          .filter((h) => h.id !== STANDING_HOURS_ID)
          .map((h) => ({ startsOn: h.startsOn!, endsOn: h.endsOn!, weekly: h.weekly })),
      },
    );
  }

  /** Called after every reload that changed the calendar; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A calendar already built, without waiting; undefined when it must still be made with `forVersion`. */
  cached(version: number): WorkingCalendar | undefined {
    return this.cache.get(version);
  }

  async forVersion(version: number, tx?: EntityManager): Promise<WorkingCalendar> {
    const hit = this.cache.get(version);
    if (hit) return hit;
    const sop = await this.sops.get(version, tx);
    // Every card of a board may ask at once: the first to get here builds it, the others take it.
    let built = this.cache.get(version);
    if (!built) {
      built = this.build(sop.calendar);
      this.cache.set(version, built);
    }
    return built;
  }

  /** The calendar of the SOP in force, already loaded. */
  current(): Promise<WorkingCalendar> {
    return this.forVersion(this.sops.current().version);
  }

  /** The calendar of the SOP in force as a year shows it: its days off with their sources, the hours and periods. */
  year(year: number): CalendarType {
    const spec = this.sops.current().definition.calendar;
    const national = spec.nationalHolidays ? nationalDays(year) : [];
    const edits = new Map(this.edits.filter((e) => e.date.startsWith(`${year}-`)).map((e) => [e.date, e]));
    const days: CalendarDayOff[] = national.map((n) => nationalView(n, edits.get(n.date)));
    for (const e of edits.values()) if (e.effect === "CLOSED" && !national.some((n) => n.date === e.date)) days.push(localView(e));
    days.sort((a, b) => a.date.localeCompare(b.date));
    const standing = this.hours.find((h) => h.id === STANDING_HOURS_ID);
    const source = national[0]?.source ?? "LIBRARY";
    return {
      timeZone: spec.timeZone,
      year,
      weekly: weekDays(standing?.weekly ?? spec.weekly),
      weeklyChange: standing ? changeOf(standing) : null,
      periods: this.hours.filter((h) => h.id !== STANDING_HOURS_ID).map(periodView),
      nationalHolidays: spec.nationalHolidays,
      nationalSource: source === "DECREE" ? DayOffSource.DECREE : DayOffSource.LIBRARY,
      decrees: [...new Set(national.flatMap((n) => (n.decree ? [n.decree] : [])))],
      holidays: days.filter((d) => d.off && d.source !== DayOffSource.LOCAL).map((d) => d.date),
      days,
    };
  }

  /** Adds a local day off on a date that is not one already. */
  addDayOff(actor: TrailActor, input: DayOffInput): Promise<CalendarDayOff> {
    const name = text("name", input.name, MAX.short);
    return this.editDay(actor, input, async ({ date, edit, national, row, repo, record }) => {
      if (edit?.effect === "OPEN") throw conflict(`${date} is a national day off worked after all: restore it instead`);
      if (edit || national) throw conflict(`${date} is already a day off: rename it instead`);
      const saved = row("CLOSED", name);
      await repo.insert(saved).catch((e: unknown) => {
        // Another replica's add of the same date committed first.
        throw isUniqueViolation(e) ? conflict(`${date} is already a day off: rename it instead`) : e;
      });
      await record("CALENDAR_DAY_ADDED", `Hari libur lokal ${date}: ${name}`, null, { date, name, reason: saved.reason });
      return localView(saved);
    });
  }

  /** Renames a day off: a local one's name, or a national one's (a recorded edit; the decree's name stays beside it). */
  renameDayOff(actor: TrailActor, input: DayOffInput): Promise<CalendarDayOff> {
    const name = text("name", input.name, MAX.short);
    return this.editDay(actor, input, async ({ date, edit, national, row, repo, record }) => {
      if (edit?.effect === "OPEN" || (!edit && !national)) throw notFound(`A day off on ${date}`);
      const before = edit?.label ?? national!.name;
      const saved = row(edit?.effect === "CLOSED" ? "CLOSED" : "RENAMED", name);
      await repo.upsert(saved, ["date"]);
      await record(
        "CALENDAR_DAY_RENAMED",
        `Hari libur ${date}: ${before} → ${name}`,
        { date, name: before },
        { date, name, reason: saved.reason },
      );
      return saved.effect === "CLOSED" ? localView(saved) : nationalView(national!, saved);
    });
  }

  /**
   * Removes a day off: a local closure is deleted; a national one stays in the data and gets a
   * recorded override making it a working day. Answers the national day as it now stands, or null.
   */
  removeDayOff(actor: TrailActor, input: DayOffChangeInput): Promise<CalendarDayOff | null> {
    return this.editDay(actor, input, async ({ date, edit, national, row, repo, record }) => {
      if (edit?.effect === "OPEN" || (!edit && !national)) throw notFound(`A day off on ${date}`);
      if (edit?.effect === "CLOSED") {
        await repo.delete({ date });
        const before = { date, name: edit.label, reason: edit.reason };
        await record("CALENDAR_DAY_REMOVED", `Hari libur lokal ${date} dihapus: ${edit.label}`, before, {
          reason: row("CLOSED", "").reason,
        });
        return null;
      }
      const name = edit?.label ?? national!.name;
      const saved = row("OPEN", national!.name);
      await repo.upsert(saved, ["date"]);
      const before = { date, name, source: national!.source, decree: national!.decree };
      await record("CALENDAR_DAY_OVERRIDDEN", `${date} (${name}) menjadi hari kerja`, before, { date, off: false, reason: saved.reason });
      return nationalView(national!, saved);
    });
  }

  /** Undoes the installation's edit of a national day off (a rename or an override): the decree's or library's day holds again. */
  restoreDayOff(actor: TrailActor, input: DayOffChangeInput): Promise<CalendarDayOff> {
    return this.editDay(actor, input, async ({ date, edit, national, row, repo, record }) => {
      if (!national || !edit || edit.effect === "CLOSED") throw notFound(`An edited national day off on ${date}`);
      await repo.delete({ date });
      const from = national.source === "DECREE" ? "keputusan" : "pustaka";
      const before = { date, effect: edit.effect, name: edit.label, reason: edit.reason };
      await record("CALENDAR_DAY_RESTORED", `${date} kembali seperti ${from}: ${national.name}`, before, {
        date,
        name: national.name,
        off: true,
        reason: row("CLOSED", "").reason,
      });
      return nationalView(national, undefined);
    });
  }

  /** One edit of one day in one transaction with its trail row: the day's edit read under a lock, beside the national day. */
  private async editDay<T>(actor: TrailActor, input: { date: string; reason: string }, apply: (day: DayEdit) => Promise<T>): Promise<T> {
    const date = localDate("date", input.date);
    const reason = text("reason", input.reason, MAX.reason);
    const national = this.nationalOn(date);
    const at = this.clock.now();
    const result = await this.ds.transaction(async (tx) => {
      const repo = tx.getRepository(CalendarClosure);
      const edit = await repo.findOne({ where: { date }, lock: { mode: "pessimistic_write" } });
      return apply({
        date,
        edit,
        national,
        repo,
        row: (effect, label) => ({
          date,
          label,
          effect,
          reason,
          changedByUserId: actor.userId,
          changedBy: actor.username,
          changedAt: at,
          createdAt: at,
        }),
        record: (action, summary, before, after) =>
          recordChange(tx, { actor, at, action, subjectType: "CALENDAR", subjectId: date, summary, before, after }),
      });
    });
    await this.changed(date);
    return result;
  }

  /** Sets the standing office hours (for steps that start from now on). */
  async setOfficeHours(actor: TrailActor, input: OfficeHoursInput): Promise<CalendarDay[]> {
    const weekly = weeklyOf("weekly", input.weekly);
    const reason = text("reason", input.reason, MAX.reason);
    const at = this.clock.now();
    await this.ds.transaction(async (tx) => {
      const repo = tx.getRepository(OfficeHours);
      const held = await repo.findOne({ where: { id: STANDING_HOURS_ID }, lock: { mode: "pessimistic_write" } });
      const before = held?.weekly ?? this.sops.current().definition.calendar.weekly;
      await repo.upsert(
        {
          id: STANDING_HOURS_ID,
          name: "Jam kerja",
          startsOn: null,
          endsOn: null,
          weekly,
          reason,
          changedByUserId: actor.userId,
          changedBy: actor.username,
          changedAt: at,
        },
        ["id"],
      );
      await recordChange(tx, {
        actor,
        at,
        action: "OFFICE_HOURS_CHANGED",
        subjectType: "CALENDAR",
        subjectId: "office-hours",
        summary: `Jam kerja: ${weekText(weekly)}`,
        before: { weekly: before },
        after: { weekly, reason },
      });
    });
    await this.changed("office-hours");
    return weekDays(weekly);
  }

  /** Adds a period with its own office hours; periods never overlap. */
  async addOfficeHoursPeriod(actor: TrailActor, input: OfficeHoursPeriodInput): Promise<OfficeHoursPeriod> {
    const name = text("name", input.name, MAX.short);
    const startsOn = localDate("startsOn", input.startsOn);
    const endsOn = localDate("endsOn", input.endsOn);
    if (endsOn < startsOn) throw invalid("endsOn", "must not be before startsOn");
    if (Date.parse(endsOn) - Date.parse(startsOn) > 366 * 86_400_000) throw invalid("endsOn", "must be within a year of startsOn");
    const weekly = weeklyOf("weekly", input.weekly);
    const reason = text("reason", input.reason, MAX.reason);
    const at = this.clock.now();
    const row = await this.ds.transaction(async (tx) => {
      await tx.query(`LOCK TABLE office_hours IN SHARE ROW EXCLUSIVE MODE`);
      const [overlap] = (await tx.query(
        `SELECT name, starts_on, ends_on FROM office_hours WHERE starts_on IS NOT NULL AND starts_on <= $2 AND ends_on >= $1 LIMIT 1`,
        [startsOn, endsOn],
      )) as { name: string; starts_on: string; ends_on: string }[];
      if (overlap) throw conflict(`overlaps the period "${overlap.name}" (${overlap.starts_on} to ${overlap.ends_on})`);
      const saved = {
        id: randomUUID(),
        name,
        startsOn,
        endsOn,
        weekly,
        reason,
        changedByUserId: actor.userId,
        changedBy: actor.username,
        changedAt: at,
      };
      await tx.getRepository(OfficeHours).insert(saved);
      await recordChange(tx, {
        actor,
        at,
        action: "OFFICE_HOURS_PERIOD_ADDED",
        subjectType: "CALENDAR",
        subjectId: saved.id,
        summary: `Jam kerja ${name} (${startsOn} s.d. ${endsOn}): ${weekText(weekly)}`,
        before: null,
        after: { name, startsOn, endsOn, weekly, reason },
      });
      return saved;
    });
    await this.changed(row.id);
    return periodView(row);
  }

  /** Removes a period: its dates count on the standing hours again (for steps that start from now on). */
  async removeOfficeHoursPeriod(actor: TrailActor, id: string, reasonText: string): Promise<boolean> {
    const key = uuid("id", id);
    const reason = text("reason", reasonText, MAX.reason);
    const at = this.clock.now();
    await this.ds.transaction(async (tx) => {
      const repo = tx.getRepository(OfficeHours);
      const held = await repo.findOne({ where: { id: key }, lock: { mode: "pessimistic_write" } });
      if (!held) throw notFound("Office hours period");
      await repo.delete({ id: key });
      await recordChange(tx, {
        actor,
        at,
        action: "OFFICE_HOURS_PERIOD_REMOVED",
        subjectType: "CALENDAR",
        subjectId: key,
        summary: `Jam kerja ${held.name} (${held.startsOn} s.d. ${held.endsOn}) dihapus`,
        before: { name: held.name, startsOn: held.startsOn, endsOn: held.endsOn, weekly: held.weekly, reason: held.reason },
        after: { reason },
      });
    });
    await this.changed(key);
    return true;
  }

  private nationalOn(date: string): NationalDay | undefined {
    if (!this.sops.current().definition.calendar.nationalHolidays) return undefined;
    return nationalDays(Number(date.slice(0, 4))).find((d) => d.date === date);
  }

  private async changed(subject: string): Promise<void> {
    this.bus.publish(Topic.CALENDAR_CHANGED, CITY_SCOPE, { date: subject });
    await this.load();
  }
}

function nationalView(n: NationalDay, edit: CalendarClosure | undefined): CalendarDayOff {
  return {
    date: n.date,
    name: edit?.effect === "RENAMED" ? edit.label : n.name,
    kind: n.kind === "CUTI_BERSAMA" ? DayOffKind.CUTI_BERSAMA : DayOffKind.HOLIDAY,
    source: n.source === "DECREE" ? DayOffSource.DECREE : DayOffSource.LIBRARY,
    decree: n.decree,
    nationalName: n.name,
    off: edit?.effect !== "OPEN",
    override: edit?.effect === "RENAMED" ? DayOverride.RENAMED : edit?.effect === "OPEN" ? DayOverride.OPEN : null,
    change: edit && edit.effect !== "CLOSED" ? changeOf(edit) : null,
  };
}

function localView(e: CalendarClosure): CalendarDayOff {
  return {
    date: e.date,
    name: e.label,
    kind: DayOffKind.LOCAL_CLOSURE,
    source: DayOffSource.LOCAL,
    decree: null,
    nationalName: null,
    off: true,
    override: null,
    change: changeOf(e),
  };
}

function periodView(h: OfficeHours): OfficeHoursPeriod {
  return { id: h.id, name: h.name, startsOn: h.startsOn!, endsOn: h.endsOn!, weekly: weekDays(h.weekly), change: changeOf(h) };
}
