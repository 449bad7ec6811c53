import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remainingSecondsAt } from "../../server/src/sla/countdown.js";
import { ok, subscribe, type Subscription } from "../support/client.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let alertsA: Subscription<any>;
let alertsB: Subscription<any>;
const HOUR = 3_600_000;

const ALERTS = `subscription { slaAlerts { kind caseId stage trackingNumber } }`;
const SLA = `query($id: ID!) { case(id: $id) { stage stageDueAt sla { state remainingSeconds warnAt dueAt pausesAt resumesAt } slaAlerts { kind stage } visits { stage slaState } } }`;
const COUNTDOWN = `subscription($tick: Int) { slaCountdown(tickSeconds: $tick) { kind serverTime removed items { caseId stage state remainingSeconds running toggles dueAt warnAt } } }`;

beforeAll(async () => {
  ts = await startTestServer({ heartbeatSeconds: 1 });
  city = await setupCity(ts);
  alertsA = await subscribe(ts.app.wsUrl, ALERTS, city.tokens.adminA);
  alertsB = await subscribe(ts.app.wsUrl, ALERTS, city.tokens.adminB);
});
afterAll(async () => {
  await Promise.all([alertsA?.close(), alertsB?.close()]);
  await ts?.stop();
});

async function forwardedToA(): Promise<{ id: string; version: number; stageDueAt: string }> {
  const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi);
  const c = r.recordComplaint.case;
  return (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
}

const alertCount = async (caseId: string) =>
  (await ts.app.dataSource.query(`SELECT kind, count(*)::int AS n FROM sla_alert WHERE case_id = $1 GROUP BY kind ORDER BY kind`, [
    caseId,
  ])) as {
    kind: string;
    n: number;
  }[];

const witaDate = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);

describe("SLA on working hours", () => {
  it("editing the calendar never moves a running deadline; new visits count on the new calendar", async () => {
    const running = await forwardedToA();
    const today = witaDate(ts.clock.now());
    await ok(
      ts.app.url,
      `mutation($d: String!) { addDayOff(input: { date: $d, name: "Penutupan lokal", reason: "uji" }) { date } }`,
      { d: today },
      city.tokens.instansi,
    );
    const after = (await ok(ts.app.url, SLA, { id: running.id }, city.tokens.adminA)).case;
    expect(after.stageDueAt).toBe(running.stageDueAt);
    const fresh = await forwardedToA();
    expect(witaDate(new Date(fresh.stageDueAt)) > today).toBe(true);
    expect((await ok(ts.app.url, SLA, { id: fresh.id }, city.tokens.adminA)).case.sla.state).toBe("PAUSED");
    await ok(
      ts.app.url,
      `mutation($d: String!) { removeDayOff(input: { date: $d, reason: "uji" }) { date } }`,
      { d: today },
      city.tokens.instansi,
    );
    const cal = await ok(
      ts.app.url,
      `{ calendar(year: 2026) { timeZone holidays days { date source } weekly { weekday hours } } }`,
      {},
      city.tokens.adminA,
    );
    expect(cal.calendar).toMatchObject({
      timeZone: "Asia/Makassar",
      weekly: expect.arrayContaining([{ weekday: 1, hours: ["08:00-16:00"] }]),
    });
    expect(cal.calendar.holidays).toContain("2026-08-17");
  });

  it("after a calendar edit the calendar is rebuilt once, not once per card of the boards asking at the same time", async () => {
    const { calendars, sops } = ts.app.services;
    await ok(
      ts.app.url,
      `mutation($d: String!) { addDayOff(input: { date: $d, name: "Cuti bersama", reason: "uji" }) { date } }`,
      { d: "2031-01-02" },
      city.tokens.instansi,
    );
    const version = sops.current().version;
    const built = calendars.cached(version);
    expect(built?.isClosedDate("2031-01-02")).toBe(true);
    const asked = await Promise.all(Array.from({ length: 50 }, () => calendars.forVersion(version)));
    expect(asked.every((c) => c === built)).toBe(true);
    await ok(
      ts.app.url,
      `mutation($d: String!) { removeDayOff(input: { date: $d, reason: "uji" }) { date } }`,
      { d: "2031-01-02" },
      city.tokens.instansi,
    );
  });

  it("a case left at INITIAL_RESPONSE goes WARNING then BREACHED, each recorded once, and alerts reach its OPD only", async () => {
    const c = await forwardedToA();
    expect((await ok(ts.app.url, SLA, { id: c.id }, city.tokens.adminA)).case.sla.state).toBe("ON_TRACK");
    await ts.app.services.sweeper.sweepOnce();
    expect(await alertCount(c.id)).toEqual([]);
    await advanceHours(ts, city, 1.6);
    await ts.app.services.sweeper.sweepOnce();
    await ts.app.services.sweeper.sweepOnce();
    expect(await alertCount(c.id)).toEqual([{ kind: "WARNING", n: 1 }]);
    expect((await ok(ts.app.url, SLA, { id: c.id }, city.tokens.adminA)).case.sla.state).toBe("WARNING");
    await advanceHours(ts, city, 0.5);
    await Promise.all([ts.app.services.sweeper.sweepOnce(), ts.app.services.sweeper.sweepOnce()]);
    expect(await alertCount(c.id)).toEqual([
      { kind: "BREACHED", n: 1 },
      { kind: "WARNING", n: 1 },
    ]);
    const read = (await ok(ts.app.url, SLA, { id: c.id }, city.tokens.adminA)).case;
    expect(read.sla.state).toBe("BREACHED");
    expect(read.sla.remainingSeconds).toBeLessThan(0);
    expect(read.slaAlerts).toEqual([
      { kind: "WARNING", stage: "INITIAL_RESPONSE" },
      { kind: "BREACHED", stage: "INITIAL_RESPONSE" },
    ]);
    await alertsA.waitFor((ev) => ev.filter((e) => e.slaAlerts.caseId === c.id).length === 2);
    expect(alertsB.events.filter((e) => e.slaAlerts.caseId === c.id)).toEqual([]);
  });

  it("the clock pauses after office hours and says when it resumes", async () => {
    const c = await forwardedToA();
    const now = ts.clock.now();
    const closing = new Date(`${witaDate(now)}T16:30:00+08:00`).getTime();
    await advanceHours(ts, city, (closing - now.getTime()) / HOUR);
    const sla = (await ok(ts.app.url, SLA, { id: c.id }, city.tokens.adminA)).case.sla;
    expect(sla.state).toBe("BREACHED");
    const fresh = await forwardedToA();
    const paused = (await ok(ts.app.url, SLA, { id: fresh.id }, city.tokens.adminA)).case.sla;
    expect(paused.state).toBe("PAUSED");
    expect(new Date(paused.resumesAt).getTime() - new Date(`${witaDate(new Date(closing))}T08:00:00+08:00`).getTime()).toBe(24 * HOUR);
    expect(paused.remainingSeconds).toBe(2 * 3600);
  });

  it("a CONFIRMATION left silent is closed once by SYSTEM, even with two sweeps racing", async () => {
    await advanceHours(ts, city, 16);
    let x = await forwardedToA();
    x = (await ok(ts.app.url, Q.acknowledge, { id: x.id, v: x.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA))
      .acknowledgeComplaint;
    x = (await ok(ts.app.url, Q.answer, { id: x.id, v: x.version, an: "A", ans: "Jawaban", who: "Kabid" }, city.tokens.liaisonA))
      .submitAnswer;
    x = (await ok(ts.app.url, Q.deliver, { id: x.id, v: x.version }, city.tokens.adminA)).deliverAnswer;
    await advanceHours(ts, city, 14 * 24);
    const results = await Promise.all([ts.app.services.sweeper.sweepOnce(), ts.app.services.sweeper.sweepOnce()]);
    expect(results.reduce((n, r) => n + r.autoClosed, 0)).toBeGreaterThanOrEqual(1);
    const events = await ts.app.dataSource.query(`SELECT action, actor_role FROM case_event WHERE case_id = $1 AND action = 'AUTO_CLOSE'`, [
      x.id,
    ]);
    expect(events).toEqual([{ action: "AUTO_CLOSE", actor_role: "SYSTEM" }]);
    expect((await ts.app.services.sweeper.sweepOnce()).autoClosed).toBe(0);
    await alertsA.waitFor((ev) => ev.some((e) => e.slaAlerts.caseId === x.id && e.slaAlerts.kind === "AUTO_CLOSED"));
    expect(await alertCount(x.id)).toEqual([]);
  });
});

describe("slaCountdown", () => {
  it("sends a snapshot, then only changes; a client's own countdown stays within a second of the server's", async () => {
    await ts.app.services.sweeper.sweepOnce();
    const sub = await subscribe<any>(ts.app.wsUrl, COUNTDOWN, city.tokens.adminA);
    await sub.waitFor((ev) => ev.length >= 1);
    const snap = sub.events[0].slaCountdown;
    expect(snap.kind).toBe("SNAPSHOT");
    const c = await forwardedToA();
    await sub.waitFor((ev) => ev.some((e) => e.slaCountdown.kind === "UPSERT" && e.slaCountdown.items[0].caseId === c.id));
    const upsert = sub.events.find((e) => e.slaCountdown.kind === "UPSERT" && e.slaCountdown.items[0].caseId === c.id).slaCountdown;
    const item = upsert.items[0];
    expect(item).toMatchObject({ stage: "INITIAL_RESPONSE", state: "ON_TRACK", running: true });
    for (const hours of [0.5, 6, 30]) {
      await advanceHours(ts, city, hours);
      const server = (await ok(ts.app.url, SLA, { id: c.id }, city.tokens.adminA)).case.sla.remainingSeconds;
      const client = remainingSecondsAt(item, upsert.serverTime, ts.clock.now());
      expect(Math.abs(client - server)).toBeLessThanOrEqual(1);
    }
    const back = await ok(ts.app.url, Q.returnIt, { id: c.id, v: c.version, reason: "Bukan kewenangan" }, city.tokens.adminA);
    expect(back.returnToInstansi.stage).toBe("DISPOSITION");
    await sub.waitFor((ev) => ev.some((e) => e.slaCountdown.kind === "REMOVE" && e.slaCountdown.removed.includes(c.id)));
    await ok(
      ts.app.url,
      `mutation { addDayOff(input: { date: "2027-01-04", name: "Penutupan", reason: "uji" }) { date } }`,
      {},
      city.tokens.instansi,
    );
    await sub.waitFor((ev) => ev.some((e) => e.slaCountdown.kind === "CALENDAR"));
    await sub.close();
  });

  it("tickSeconds sends whole batches; heartbeats carry the server time", async () => {
    const sub = await subscribe<any>(ts.app.wsUrl, COUNTDOWN, city.tokens.instansi, { tick: 1 });
    await sub.waitFor((ev) => ev.filter((e) => e.slaCountdown.kind === "TICK").length >= 2, 10_000);
    const tick = sub.events.find((e) => e.slaCountdown.kind === "TICK").slaCountdown;
    expect(tick.items.length).toBeGreaterThan(0);
    await sub.waitFor((ev) => ev.some((e) => e.slaCountdown.kind === "HEARTBEAT"), 5_000);
    const beat = sub.events.find((e) => e.slaCountdown.kind === "HEARTBEAT").slaCountdown;
    expect(beat.items).toEqual([]);
    expect(Math.abs(Date.parse(beat.serverTime) - ts.clock.now().getTime())).toBeLessThan(5_000);
    await sub.close();
  });

  it("2,000 subscriptions opened and closed, some mid-subscribe, leave no iterator or timer behind", async () => {
    const { createClient } = await import("graphql-ws");
    const WebSocket = (await import("ws")).default;
    const clients = Array.from({ length: 4 }, () =>
      createClient({
        url: ts.app.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${city.tokens.adminA}` },
        retryAttempts: 0,
      }),
    );
    let received = 0;
    const disposers: (() => void)[] = [];
    for (let i = 0; i < 2000; i++) {
      const dispose = clients[i % 4].subscribe(
        { query: COUNTDOWN },
        { next: () => void received++, error: () => undefined, complete: () => undefined },
      );
      if (i % 3 === 0) dispose();
      else disposers.push(dispose);
    }
    const until = Date.now() + 20_000;
    while (received < 1000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(received).toBeGreaterThanOrEqual(1000);
    expect(ts.app.services.countdowns.stats().iterators).toBeGreaterThan(0);
    disposers.slice(0, 600).forEach((d) => d());
    await Promise.all(clients.map((c) => c.dispose()));
    const settle = Date.now() + 10_000;
    while (ts.app.services.countdowns.stats().iterators > 0 && Date.now() < settle) await new Promise((r) => setTimeout(r, 50));
    expect(ts.app.services.countdowns.stats()).toEqual({ feeds: 0, iterators: 0, timers: 0 });
  });
});
