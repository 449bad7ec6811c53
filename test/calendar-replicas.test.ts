import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ok } from "./support/client.js";
import { setupCity, signInAll, type City } from "./support/fixtures.js";
import { runServer, type Run } from "./support/process.js";
import { startTestServer, usingRealPostgres, type TestServer } from "./support/server.js";

let ts: TestServer;
let city: City;
let replica: Run;

const DAYS = `{ calendar(year: 2026) { weekly { weekday hours } days { date name off source } } }`;

describe.skipIf(!usingRealPostgres())("a calendar edit on one server, on a PostgreSQL without Redis", () => {
  beforeAll(async () => {
    ts = await startTestServer();
    city = await setupCity(ts);
    const { REDIS_URL: _redis, ...env } = ts.env();
    replica = runServer(env);
    await replica.waitFor("ready");
    await signInAll(replica.url(), city);
  });
  afterAll(async () => {
    replica?.kill("SIGTERM");
    await replica?.exited;
    await ts?.stop();
  });

  it("is in force on the other replica, by the database's notification: a day off, an override, the office hours, and an edit made by hand in SQL", async () => {
    const there = async () => (await ok(replica.url(), DAYS, {}, city.tokens.adminA)).calendar;
    const day = async (date: string) => (await there()).days.find((d: { date: string }) => d.date === date);
    expect(await day("2026-12-28")).toBeUndefined();
    await ok(
      ts.app.url,
      `mutation { addDayOff(input: { date: "2026-12-28", name: "HUT Kota", reason: "uji" }) { date } }`,
      {},
      city.tokens.instansi,
    );
    await ok(ts.app.url, `mutation { removeDayOff(input: { date: "2026-12-24", reason: "uji" }) { date } }`, {}, city.tokens.instansi);
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, hours: weekday <= 5 ? ["07:30-15:30"] : [] }));
    await ok(
      ts.app.url,
      `mutation($w: [WeekdayHoursInput!]!) { setOfficeHours(input: { weekly: $w, reason: "uji" }) { weekday } }`,
      { w: weekly },
      city.tokens.instansi,
    );
    await vi.waitFor(
      async () => {
        expect(await day("2026-12-28")).toMatchObject({ name: "HUT Kota", source: "LOCAL", off: true });
        expect(await day("2026-12-24")).toMatchObject({ source: "DECREE", off: false });
        expect((await there()).weekly[0]).toEqual({ weekday: 1, hours: ["07:30-15:30"] });
      },
      { timeout: 10_000, interval: 100 },
    );
    await ts.app.dataSource.query(`UPDATE calendar_closure SET label = 'HUT Kota Samarinda' WHERE date = '2026-12-28'`);
    await vi.waitFor(async () => expect((await day("2026-12-28")).name).toBe("HUT Kota Samarinda"), { timeout: 10_000, interval: 100 });
  });
});
