import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const DAY = `date name kind source decree nationalName off override change { reason changedBy changedAt }`;
const YEAR = `query($y: Int) { calendar(year: $y) { year nationalSource decrees holidays weekly { weekday hours } weeklyChange { reason changedBy }
  periods { id name startsOn endsOn weekly { weekday hours } change { reason changedBy } } days { ${DAY} } } }`;
const ADD = `mutation($i: DayOffInput!) { addDayOff(input: $i) { ${DAY} } }`;
const RENAME = `mutation($i: DayOffInput!) { renameDayOff(input: $i) { ${DAY} } }`;
const REMOVE = `mutation($i: DayOffChangeInput!) { removeDayOff(input: $i) { ${DAY} } }`;
const RESTORE = `mutation($i: DayOffChangeInput!) { restoreDayOff(input: $i) { ${DAY} } }`;
const HOURS = `mutation($i: OfficeHoursInput!) { setOfficeHours(input: $i) { weekday hours } }`;
const ADD_PERIOD = `mutation($i: OfficeHoursPeriodInput!) { addOfficeHoursPeriod(input: $i) { id name startsOn endsOn weekly { weekday hours } } }`;
const REMOVE_PERIOD = `mutation($id: ID!, $r: String!) { removeOfficeHoursPeriod(id: $id, reason: $r) }`;

const week = (weekdays: string[], weekend: string[] = []) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, hours: weekday <= 5 ? weekdays : weekend }));

const year = async (y: number, token = city.tokens.instansi) => (await ok(ts.app.url, YEAR, { y }, token)).calendar;
const dayOf = async (date: string) => (await year(Number(date.slice(0, 4)))).days.find((d: { date: string }) => d.date === date);
const trail = async () =>
  (await ts.app.dataSource.query(
    `SELECT actor_name, action, subject_type, subject_id, summary, before, after FROM admin_change WHERE subject_type = 'CALENDAR' ORDER BY id`,
  )) as { actor_name: string; action: string; subject_id: string; summary: string; before: any; after: any }[];
const refusal = async (query: string, variables: Record<string, unknown>, token = city.tokens.instansi) => {
  const before = [
    await trail(),
    await ts.app.dataSource.query(`SELECT * FROM calendar_closure ORDER BY date`),
    await ts.app.dataSource.query(`SELECT * FROM office_hours ORDER BY id`),
  ];
  const r = await gql(ts.app.url, query, variables, token);
  const after = [
    await trail(),
    await ts.app.dataSource.query(`SELECT * FROM calendar_closure ORDER BY date`),
    await ts.app.dataSource.query(`SELECT * FROM office_hours ORDER BY id`),
  ];
  expect(after, "a refusal changes nothing").toEqual(before);
  return { code: r.errors?.[0]?.extensions?.code, field: r.errors?.[0]?.extensions?.field };
};

async function forwardedToA(): Promise<{ id: string; stageDueAt: string }> {
  const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi);
  const c = r.recordComplaint.case;
  return (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
}
const dueOf = async (id: string) =>
  (await ok(ts.app.url, `query($id: ID!) { case(id: $id) { stageDueAt } }`, { id }, city.tokens.instansi)).case.stageDueAt;
const enteredAt = async (id: string) =>
  Date.parse(
    (await ok(ts.app.url, `query($id: ID!) { case(id: $id) { visits { enteredAt } } }`, { id }, city.tokens.instansi)).case.visits.at(-1)
      .enteredAt,
  );
const HOUR = 3_600_000;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("the calendar's days off", () => {
  it("2026 comes from its decree: Idul Fitri on 21–22 March, cuti bersama around it, Isra Mikraj named as such", async () => {
    const cal = await year(2026);
    expect(cal.nationalSource).toBe("DECREE");
    expect(cal.decrees).toEqual([expect.stringContaining("No. 1497 Tahun 2025")]);
    const march = cal.days.filter((d: { date: string }) => d.date.startsWith("2026-03-2"));
    expect(march.map((d: any) => [d.date, d.kind, d.source])).toEqual([
      ["2026-03-20", "CUTI_BERSAMA", "DECREE"],
      ["2026-03-21", "HOLIDAY", "DECREE"],
      ["2026-03-22", "HOLIDAY", "DECREE"],
      ["2026-03-23", "CUTI_BERSAMA", "DECREE"],
      ["2026-03-24", "CUTI_BERSAMA", "DECREE"],
    ]);
    expect(cal.days.find((d: any) => d.date === "2026-01-16")).toMatchObject({
      name: "Isra Mikraj Nabi Muhammad SAW",
      off: true,
      change: null,
    });
    expect(cal.holidays).toContain("2026-12-24");
  });

  it("2025 holds its decree and the later one adding 18 August; 2027 falls back to the library, marked as such", async () => {
    const y2025 = await year(2025);
    expect(y2025.decrees).toHaveLength(2);
    expect(y2025.days.find((d: any) => d.date === "2025-08-18")).toMatchObject({
      kind: "CUTI_BERSAMA",
      decree: expect.stringContaining("No. 933 Tahun 2025"),
    });
    const y2027 = await year(2027, city.tokens.officerA);
    expect(y2027).toMatchObject({ nationalSource: "LIBRARY", decrees: [] });
    expect(y2027.days.every((d: any) => d.source === "LIBRARY" && d.decree === null)).toBe(true);
    expect(y2027.days.find((d: any) => d.date === "2027-01-05").name).toBe("Isra Mikraj Nabi Muhammad SAW");
  });

  it("a local closure is added once, renamed and removed, each recorded in the trail with who and why", async () => {
    const added = (
      await ok(ts.app.url, ADD, { i: { date: "2026-12-28", name: "HUT Kota", reason: "Surat Wali Kota" } }, city.tokens.instansi)
    ).addDayOff;
    expect(added).toMatchObject({
      kind: "LOCAL_CLOSURE",
      source: "LOCAL",
      decree: null,
      off: true,
      change: { reason: "Surat Wali Kota", changedBy: "instansi" },
    });
    expect(await refusal(ADD, { i: { date: "2026-12-28", name: "Lagi", reason: "dua kali" } })).toEqual({
      code: "CONFLICT",
      field: undefined,
    });
    const renamed = (
      await ok(ts.app.url, RENAME, { i: { date: "2026-12-28", name: "HUT Kota Samarinda", reason: "nama lengkap" } }, city.tokens.superuser)
    ).renameDayOff;
    expect(renamed).toMatchObject({ name: "HUT Kota Samarinda", source: "LOCAL", change: { changedBy: "superuser" } });
    expect((await ok(ts.app.url, REMOVE, { i: { date: "2026-12-28", reason: "batal" } }, city.tokens.instansi)).removeDayOff).toBeNull();
    expect(await dayOf("2026-12-28")).toBeUndefined();
    expect((await trail()).filter((t) => t.subject_id === "2026-12-28")).toEqual([
      expect.objectContaining({
        actor_name: "instansi",
        action: "CALENDAR_DAY_ADDED",
        before: null,
        after: { date: "2026-12-28", name: "HUT Kota", reason: "Surat Wali Kota" },
      }),
      expect.objectContaining({
        actor_name: "superuser",
        action: "CALENDAR_DAY_RENAMED",
        before: { date: "2026-12-28", name: "HUT Kota" },
      }),
      expect.objectContaining({ actor_name: "instansi", action: "CALENDAR_DAY_REMOVED", after: { reason: "batal" } }),
    ]);
  });

  it("removing a decree's day is a recorded override, the decree's day stays in the data, and a restore undoes it", async () => {
    const removed = (await ok(ts.app.url, REMOVE, { i: { date: "2026-12-24", reason: "Layanan tetap buka" } }, city.tokens.instansi))
      .removeDayOff;
    expect(removed).toMatchObject({
      date: "2026-12-24",
      source: "DECREE",
      kind: "CUTI_BERSAMA",
      off: false,
      override: "OPEN",
      change: { reason: "Layanan tetap buka", changedBy: "instansi" },
    });
    const cal = await year(2026);
    expect(cal.holidays).not.toContain("2026-12-24");
    expect(cal.days.find((d: any) => d.date === "2026-12-24")).toMatchObject({
      off: false,
      nationalName: "Cuti bersama Kelahiran Yesus Kristus",
    });
    expect(ts.app.services.calendars.cached(ts.app.services.sops.current().version)!.isClosedDate("2026-12-24")).toBe(false);
    expect(await refusal(REMOVE, { i: { date: "2026-12-24", reason: "lagi" } })).toEqual({ code: "NOT_FOUND", field: undefined });
    expect(await refusal(RENAME, { i: { date: "2026-12-24", name: "x", reason: "lagi" } })).toEqual({
      code: "NOT_FOUND",
      field: undefined,
    });
    expect(await refusal(ADD, { i: { date: "2026-12-24", name: "x", reason: "lagi" } })).toEqual({ code: "CONFLICT", field: undefined });
    const restored = (await ok(ts.app.url, RESTORE, { i: { date: "2026-12-24", reason: "keliru" } }, city.tokens.instansi)).restoreDayOff;
    expect(restored).toMatchObject({ off: true, override: null, change: null });
    expect(await refusal(RESTORE, { i: { date: "2026-12-24", reason: "lagi" } })).toEqual({ code: "NOT_FOUND", field: undefined });
    expect((await trail()).filter((t) => t.subject_id === "2026-12-24").map((t) => t.action)).toEqual([
      "CALENDAR_DAY_OVERRIDDEN",
      "CALENDAR_DAY_RESTORED",
    ]);
  });

  it("renaming a decree's day keeps the decree's name beside it", async () => {
    const renamed = (
      await ok(ts.app.url, RENAME, { i: { date: "2026-01-16", name: "Isra Mi'raj", reason: "ejaan setempat" } }, city.tokens.instansi)
    ).renameDayOff;
    expect(renamed).toMatchObject({
      name: "Isra Mi'raj",
      nationalName: "Isra Mikraj Nabi Muhammad SAW",
      override: "RENAMED",
      off: true,
      source: "DECREE",
    });
    await ok(ts.app.url, RESTORE, { i: { date: "2026-01-16", reason: "kembali" } }, city.tokens.instansi);
    expect((await dayOf("2026-01-16")).name).toBe("Isra Mikraj Nabi Muhammad SAW");
  });

  it("two adds of one date racing: one wins, the other is a CONFLICT, and the trail holds one row", async () => {
    const add = (name: string) => gql(ts.app.url, ADD, { i: { date: "2026-12-30", name, reason: "balapan" } }, city.tokens.instansi);
    const answers = await Promise.all([add("Satu"), add("Dua")]);
    expect(answers.map((r) => r.errors?.[0]?.extensions?.code ?? "ok").sort()).toEqual(["CONFLICT", "ok"]);
    expect((await trail()).filter((t) => t.subject_id === "2026-12-30").map((t) => t.action)).toEqual(["CALENDAR_DAY_ADDED"]);
    await ok(ts.app.url, REMOVE, { i: { date: "2026-12-30", reason: "uji selesai" } }, city.tokens.instansi);
  });

  it("refuses bad input with the field, other roles with FORBIDDEN, and changes nothing", async () => {
    expect(await refusal(ADD, { i: { date: "2026-02-30", name: "x", reason: "y" } })).toEqual({ code: "VALIDATION", field: "date" });
    expect(await refusal(ADD, { i: { date: "2026-12-29", name: " ", reason: "y" } })).toEqual({ code: "VALIDATION", field: "name" });
    expect(await refusal(ADD, { i: { date: "2026-12-29", name: "x", reason: "" } })).toEqual({ code: "VALIDATION", field: "reason" });
    expect(await refusal(REMOVE, { i: { date: "2026-12-29", reason: "y" } })).toEqual({ code: "NOT_FOUND", field: undefined });
    for (const token of [city.tokens.adminA, city.tokens.liaisonA, city.tokens.officerA]) {
      expect(await refusal(ADD, { i: { date: "2026-12-29", name: "x", reason: "y" } }, token)).toEqual({
        code: "FORBIDDEN",
        field: undefined,
      });
      expect(await refusal(HOURS, { i: { weekly: week(["08:00-12:00"]), reason: "y" } }, token)).toEqual({
        code: "FORBIDDEN",
        field: undefined,
      });
    }
    expect((await refusal(ADD, { i: { date: "2026-12-29", name: "x", reason: "y" } }, "")).code).toBe("UNAUTHENTICATED");
    expect(await refusal(HOURS, { i: { weekly: week(["08:00-12:00"]).slice(1), reason: "y" } })).toEqual({
      code: "VALIDATION",
      field: "weekly",
    });
    expect(await refusal(HOURS, { i: { weekly: week(["12:00-08:00"]), reason: "y" } })).toEqual({ code: "VALIDATION", field: "weekly" });
    expect(await refusal(HOURS, { i: { weekly: week(["08:00-12:00", "11:00-15:00"]), reason: "y" } })).toEqual({
      code: "VALIDATION",
      field: "weekly",
    });
    expect(await refusal(HOURS, { i: { weekly: week(["8-12"]), reason: "y" } })).toEqual({ code: "VALIDATION", field: "weekly" });
    const period = { name: "Ramadan", startsOn: "2027-02-08", endsOn: "2027-02-01", weekly: week(["08:00-14:00"]), reason: "y" };
    expect(await refusal(ADD_PERIOD, { i: period })).toEqual({ code: "VALIDATION", field: "endsOn" });
    expect(await refusal(REMOVE_PERIOD, { id: "00000000-0000-4000-8000-000000000000", r: "y" })).toEqual({
      code: "NOT_FOUND",
      field: undefined,
    });
    expect(await refusal(REMOVE_PERIOD, { id: "nope", r: "y" })).toEqual({ code: "VALIDATION", field: "id" });
  });
});

describe("office hours", () => {
  it("a change applies to steps that start after it: a case forwarded before keeps its due time, one forwarded after gets the new one", async () => {
    const before = await forwardedToA();
    expect(Date.parse(before.stageDueAt)).toBe((await enteredAt(before.id)) + 2 * HOUR);
    await ok(ts.app.url, HOURS, { i: { weekly: week(["08:00-10:00"]), reason: "Uji jam pendek" } }, city.tokens.instansi);
    const after = await forwardedToA();
    expect(await dueOf(before.id)).toBe(before.stageDueAt);
    // Monday from just after 09:00 until 10:00, then the rest from 08:00 on Tuesday: the same time a day later.
    expect(Date.parse(after.stageDueAt)).toBe((await enteredAt(after.id)) + 24 * HOUR);
    const cal = await year(2026, city.tokens.adminA);
    expect(cal.weekly[0]).toEqual({ weekday: 1, hours: ["08:00-10:00"] });
    expect(cal.weeklyChange).toEqual({ reason: "Uji jam pendek", changedBy: "instansi" });
    const [row] = (await trail()).filter((t) => t.action === "OFFICE_HOURS_CHANGED");
    expect(row.before.weekly["1"]).toEqual([["08:00", "16:00"]]);
    expect(row.after.weekly["1"]).toEqual([["08:00", "10:00"]]);
    await ok(ts.app.url, HOURS, { i: { weekly: week(["08:00-16:00"]), reason: "kembali" } }, city.tokens.instansi);
  });

  it("a period's hours hold on its dates only, never overlap another period, and moving them moves no running deadline", async () => {
    const before = await forwardedToA();
    const ramadan = {
      name: "Ramadan (uji)",
      startsOn: "2026-11-20",
      endsOn: "2026-11-30",
      weekly: week(["08:00-09:30"]),
      reason: "Jam kerja Ramadan",
    };
    const period = (await ok(ts.app.url, ADD_PERIOD, { i: ramadan }, city.tokens.superuser)).addOfficeHoursPeriod;
    expect(period).toMatchObject({ name: "Ramadan (uji)", startsOn: "2026-11-20", endsOn: "2026-11-30" });
    expect(await refusal(ADD_PERIOD, { i: { ...ramadan, startsOn: "2026-11-30", endsOn: "2026-12-05" } })).toEqual({
      code: "CONFLICT",
      field: undefined,
    });
    const after = await forwardedToA();
    expect(await dueOf(before.id)).toBe(before.stageDueAt);
    expect(Date.parse(after.stageDueAt)).toBeGreaterThan(Date.parse(before.stageDueAt));
    const calendar = ts.app.services.calendars.cached(ts.app.services.sops.current().version)!;
    expect(calendar.isOpenAt(new Date("2026-11-25T10:00:00+08:00"))).toBe(false);
    expect(calendar.isOpenAt(new Date("2026-12-01T10:00:00+08:00"))).toBe(true);
    expect((await year(2026)).periods).toEqual([
      expect.objectContaining({ id: period.id, change: { reason: "Jam kerja Ramadan", changedBy: "superuser" } }),
    ]);
    expect((await ok(ts.app.url, REMOVE_PERIOD, { id: period.id, r: "uji selesai" }, city.tokens.instansi)).removeOfficeHoursPeriod).toBe(
      true,
    );
    expect((await year(2026)).periods).toEqual([]);
    expect((await trail()).filter((t) => t.subject_id === period.id).map((t) => [t.actor_name, t.action])).toEqual([
      ["superuser", "OFFICE_HOURS_PERIOD_ADDED"],
      ["instansi", "OFFICE_HOURS_PERIOD_REMOVED"],
    ]);
  });
});
