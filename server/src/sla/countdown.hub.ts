import type { CaseChange } from "../case/case-change.js";
import type { Clock } from "../clock.js";
import type { CaseRepository } from "../case/case.repository.js";
import { PushIterator } from "../realtime/push-iterator.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import type { CalendarService } from "../sop/calendar.service.js";
import { stepOf } from "../sop/sop.definition.js";
import type { SopService } from "../sop/sop.service.js";
import { countdownItem, isRunning, type CountdownItem, type CountdownSource } from "./countdown.js";
import type { SlaAlertEvent } from "./sla-alert.types.js";

export enum CountdownKind {
  SNAPSHOT = "SNAPSHOT",
  UPSERT = "UPSERT",
  REMOVE = "REMOVE",
  CALENDAR = "CALENDAR",
  HEARTBEAT = "HEARTBEAT",
  TICK = "TICK",
}

export interface CountdownMessage {
  kind: CountdownKind;
  serverTime: Date;
  items: CountdownItem[];
  removed: string[];
}

type Source = CountdownSource & { sopVersion: number };

const SNAPSHOT_REUSE_MS = 1_000;
/** Countdown messages held for one subscriber that is not reading (a snapshot can hold every running case). */
export const MAX_QUEUED_COUNTDOWNS = 1_000;

/**
 * One feed per scope (the city, or one OPD), shared by all its subscribers: one snapshot query
 * when the first subscriber arrives, one bus subscription per topic, one calendar listener, one heartbeat timer, and
 * one ticker per requested tick rate. Changes arrive as case snapshots, so no query per event.
 */
class ScopeFeed {
  readonly sinks = new Set<PushIterator<CountdownMessage>>();
  private readonly cases = new Map<string, Source>();
  private readonly stops: (() => void)[] = [];
  private readonly tickers = new Map<number, { timer: NodeJS.Timeout; sinks: Set<PushIterator<CountdownMessage>> }>();
  private readonly awaitingSnapshot = new Map<PushIterator<CountdownMessage>, CountdownMessage[]>();
  /** Newcomers within a second of each other share one snapshot (its serverTime says when it was true). */
  private latest: { message: Promise<CountdownMessage>; at: number } | null = null;
  readonly ready: Promise<void>;

  constructor(
    private readonly hub: CountdownHub,
    readonly scope: string,
  ) {
    this.ready = this.start();
  }

  get timerCount(): number {
    return this.tickers.size + 1;
  }

  private async start(): Promise<void> {
    this.listen<CaseChange>(Topic.CASE_CHANGED, (change) => this.onCase(change.case as unknown as Source));
    this.listen<SlaAlertEvent>(Topic.SLA_ALERT, (alert) => this.upsert(alert.caseId));
    this.stops.push(this.hub.calendars.onChange(() => void this.onCalendar()));
    const heartbeat = setInterval(
      () => this.broadcast({ kind: CountdownKind.HEARTBEAT, serverTime: this.hub.now(), items: [], removed: [] }),
      this.hub.heartbeatMs,
    );
    heartbeat.unref();
    this.stops.push(() => clearInterval(heartbeat));
    for (const c of await this.hub.load(this.scope)) this.cases.set(c.id, c);
  }

  private listen<T>(topic: Topic, handle: (payload: T) => void): void {
    const it = this.hub.bus.subscribe<T>(topic, this.scope);
    this.hub.liveIterators++;
    this.stops.push(() => {
      this.hub.liveIterators--;
      void it.return?.();
    });
    void (async () => {
      for await (const payload of it) {
        await this.ready;
        handle(payload);
      }
    })().catch(() => undefined);
  }

  private onCase(c: Source): void {
    const inScope = this.scope === CITY_SCOPE || c.opdId === this.scope;
    if (!inScope || !isRunning(c)) {
      if (this.cases.delete(c.id)) this.broadcast({ kind: CountdownKind.REMOVE, serverTime: this.hub.now(), items: [], removed: [c.id] });
      return;
    }
    this.cases.set(c.id, c);
    void this.upsert(c.id);
  }

  private async upsert(caseId: string): Promise<void> {
    const c = this.cases.get(caseId);
    if (!c) return;
    const now = this.hub.now();
    this.broadcast({ kind: CountdownKind.UPSERT, serverTime: now, items: [await this.hub.item(c, now)], removed: [] });
  }

  private async onCalendar(): Promise<void> {
    this.latest = null;
    this.broadcast({ ...(await this.computeSnapshot()), kind: CountdownKind.CALENDAR });
  }

  snapshot(): Promise<CountdownMessage> {
    const at = Date.now();
    if (!this.latest || at - this.latest.at >= SNAPSHOT_REUSE_MS) this.latest = { message: this.computeSnapshot(), at };
    return this.latest.message;
  }

  private async computeSnapshot(): Promise<CountdownMessage> {
    const now = this.hub.now();
    const items = await Promise.all([...this.cases.values()].map((c) => this.hub.item(c, now)));
    items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    return { kind: CountdownKind.SNAPSHOT, serverTime: now, items, removed: [] };
  }

  private broadcast(message: CountdownMessage, to: Iterable<PushIterator<CountdownMessage>> = this.sinks): void {
    if (message.kind !== CountdownKind.HEARTBEAT && message.kind !== CountdownKind.TICK) this.latest = null;
    for (const sink of to) {
      const held = this.awaitingSnapshot.get(sink);
      if (held) held.push(message);
      else sink.push(message);
    }
  }

  /** A newcomer gets its snapshot first, then whatever changed since that snapshot was true. */
  async welcome(sink: PushIterator<CountdownMessage>): Promise<void> {
    this.awaitingSnapshot.set(sink, []);
    await this.ready;
    const snapshot = await this.snapshot();
    const held = this.awaitingSnapshot.get(sink) ?? [];
    this.awaitingSnapshot.delete(sink);
    sink.push(snapshot);
    for (const m of held) if (m.serverTime >= snapshot.serverTime) sink.push(m);
  }

  addTicker(sink: PushIterator<CountdownMessage>, seconds: number): void {
    let ticker = this.tickers.get(seconds);
    if (!ticker) {
      const sinks = new Set<PushIterator<CountdownMessage>>();
      const timer = setInterval(
        async () => this.broadcast({ ...(await this.computeSnapshot()), kind: CountdownKind.TICK }, sinks),
        seconds * 1000,
      );
      timer.unref();
      ticker = { timer, sinks };
      this.tickers.set(seconds, ticker);
    }
    ticker.sinks.add(sink);
  }

  remove(sink: PushIterator<CountdownMessage>): void {
    this.sinks.delete(sink);
    this.awaitingSnapshot.delete(sink);
    for (const [seconds, ticker] of this.tickers) {
      if (ticker.sinks.delete(sink) && ticker.sinks.size === 0) {
        clearInterval(ticker.timer);
        this.tickers.delete(seconds);
      }
    }
  }

  close(): void {
    for (const stop of this.stops) stop();
    for (const { timer } of this.tickers.values()) clearInterval(timer);
    this.tickers.clear();
  }
}

/** Live SLA countdowns: a snapshot, then only what changes, so screens tick by themselves. */
export class CountdownHub {
  private readonly feeds = new Map<string, ScopeFeed>();
  liveIterators = 0;

  constructor(
    private readonly cases: CaseRepository,
    readonly calendars: CalendarService,
    private readonly sops: SopService,
    readonly bus: RealtimeBus,
    private readonly clock: Clock,
    readonly heartbeatMs: number,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  /**
   * Subscribes one viewer's scope; ending the iterator releases everything it held. A subscriber
   * that stops pulling is ended after `onOverflow` once MAX_QUEUED_COUNTDOWNS messages wait for it.
   */
  subscribe(scope: string, tickSeconds: number | null, onOverflow?: () => void): AsyncIterableIterator<CountdownMessage> {
    let feed = this.feeds.get(scope);
    if (!feed) {
      feed = new ScopeFeed(this, scope);
      this.feeds.set(scope, feed);
    }
    const owner = feed;
    const sink = new PushIterator<CountdownMessage>(
      () => {
        this.liveIterators--;
        owner.remove(sink);
        if (owner.sinks.size === 0 && this.feeds.get(scope) === owner) {
          this.feeds.delete(scope);
          owner.close();
        }
      },
      MAX_QUEUED_COUNTDOWNS,
      onOverflow,
    );
    this.liveIterators++;
    owner.sinks.add(sink);
    if (tickSeconds) owner.addTicker(sink, tickSeconds);
    void owner.welcome(sink);
    return sink;
  }

  stats(): { feeds: number; iterators: number; timers: number } {
    let timers = 0;
    for (const feed of this.feeds.values()) timers += feed.timerCount;
    return { feeds: this.feeds.size, iterators: this.liveIterators, timers };
  }

  async close(): Promise<void> {
    for (const feed of this.feeds.values()) {
      for (const sink of [...feed.sinks]) await sink.return();
    }
  }

  load(scope: string): Promise<Source[]> {
    return this.cases.openCases(scope === CITY_SCOPE ? null : scope);
  }

  async item(c: Source, now: Date): Promise<CountdownItem> {
    const sop = await this.sops.get(c.sopVersion);
    const working = stepOf(sop, c.stage).time.basis === "WORKING";
    return countdownItem(c, now, await this.calendars.forVersion(c.sopVersion), working);
  }
}
