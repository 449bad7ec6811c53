import type { DataSource, EntityManager } from "typeorm";
import { invalid } from "../errors.js";
import { Topic, CITY_SCOPE, type RealtimeBus } from "../realtime/pubsub.js";
import { text } from "../validate.js";
import { WorkingCalendar } from "./calendar.js";
import { CalendarClosure } from "./calendar-closure.entity.js";
import type { SopService } from "./sop.service.js";

/**
 * The working-time calendar of each SOP version with the installation's closures. Editing it
 * moves no running deadline: those were stored as instants when each visit started.
 */
export class CalendarService {
  private closures: CalendarClosure[] = [];
  private readonly cache = new Map<number, WorkingCalendar>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly ds: DataSource,
    private readonly sops: SopService,
    private readonly bus: RealtimeBus,
  ) {}

  /** Reads the closures; tells the listeners when they differ from what was held. */
  async load(): Promise<void> {
    const closures = await this.ds.getRepository(CalendarClosure).find({ order: { date: "ASC" } });
    const key = (list: CalendarClosure[]) => JSON.stringify(list.map((c) => [c.date, c.label]));
    const changed = key(closures) !== key(this.closures);
    this.closures = closures;
    this.cache.clear();
    const current = this.sops.current();
    this.cache.set(current.version, new WorkingCalendar(current.definition.calendar, closures));
    if (changed) for (const listener of this.listeners) listener();
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
      built = new WorkingCalendar(sop.calendar, this.closures);
      this.cache.set(version, built);
    }
    return built;
  }

  /** The calendar of the SOP in force, already loaded. */
  current(): Promise<WorkingCalendar> {
    return this.forVersion(this.sops.current().version);
  }

  list(): CalendarClosure[] {
    return this.closures;
  }

  async addClosure(date: string, label: string): Promise<CalendarClosure> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw invalid("date", "must be a date as YYYY-MM-DD");
    }
    const closure = { date, label: text("label", label, 200) };
    await this.ds.getRepository(CalendarClosure).upsert(closure, ["date"]);
    return this.changed(date);
  }

  async removeClosure(date: string): Promise<boolean> {
    const { affected } = await this.ds.getRepository(CalendarClosure).delete({ date });
    await this.changed(date);
    return Boolean(affected);
  }

  private async changed(date: string): Promise<CalendarClosure> {
    this.bus.publish(Topic.CALENDAR_CHANGED, CITY_SCOPE, { date });
    await this.load();
    return this.closures.find((c) => c.date === date) ?? { date, label: "", createdAt: new Date() };
  }
}
