import { describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR, nationalDays, WorkingCalendar } from "./calendar.js";
import { DECREES, OFFICIAL_DAYS, OFFICIAL_YEARS } from "./holidays-id.js";

const on = (date: string) => OFFICIAL_DAYS.filter((d) => d.date === date);

describe("the official days off shipped as data", () => {
  it("2026: Idul Fitri 1447 H is 21–22 March per the decree, with cuti bersama on 20, 23 and 24 March", () => {
    expect(OFFICIAL_DAYS.filter((d) => d.name === "Idul Fitri 1447 Hijriah").map((d) => [d.date, d.kind])).toEqual([
      ["2026-03-21", "HOLIDAY"],
      ["2026-03-22", "HOLIDAY"],
    ]);
    expect(OFFICIAL_DAYS.filter((d) => d.name === "Cuti bersama Idul Fitri 1447 Hijriah").map((d) => d.date)).toEqual([
      "2026-03-20",
      "2026-03-23",
      "2026-03-24",
    ]);
    expect(on("2026-03-21")[0].decree).toBe(DECREES[2026]);
  });

  it("Isra Mikraj is named Isra Mikraj, in the decree's years and in the library's fallback", () => {
    expect(on("2026-01-16")[0].name).toBe("Isra Mikraj Nabi Muhammad SAW");
    expect(on("2025-01-27")[0].name).toBe("Isra Mikraj Nabi Muhammad SAW");
    expect(nationalDays(2027).find((d) => d.date === "2027-01-05")).toMatchObject({
      name: "Isra Mikraj Nabi Muhammad SAW",
      source: "LIBRARY",
      decree: null,
    });
  });

  it("each year has the decree's count: 2025 has 17 holidays and 10 + 1 cuti bersama (18 August added later), 2026 has 17 and 8", () => {
    const count = (year: string, kind: string) => OFFICIAL_DAYS.filter((d) => d.date.startsWith(year) && d.kind === kind).length;
    expect([count("2025", "HOLIDAY"), count("2025", "CUTI_BERSAMA"), count("2026", "HOLIDAY"), count("2026", "CUTI_BERSAMA")]).toEqual([
      17, 11, 17, 8,
    ]);
    expect(on("2025-08-18")[0]).toMatchObject({ kind: "CUTI_BERSAMA", decree: DECREES["2025-revision"] });
  });

  it("one entry a day, real dates, in order, only in the shipped years", () => {
    const dates = OFFICIAL_DAYS.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    for (const d of dates) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
    expect(new Set(dates.map((d) => Number(d.slice(0, 4))))).toEqual(new Set(OFFICIAL_YEARS));
  });

  it("the decree replaces the library in its years: 20 March 2026 is cuti bersama, not the library's Idul Fitri, and 22 March is off", () => {
    expect(nationalDays(2026).every((d) => d.source === "DECREE")).toBe(true);
    const cal = new WorkingCalendar(DEFAULT_CALENDAR);
    expect(["2026-03-20", "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24"].every((d) => cal.isClosedDate(d))).toBe(true);
    expect(cal.isClosedDate("2026-03-25")).toBe(false);
  });

  it("a national day overridden OPEN is a working day; a period's hours replace the week's on its dates only", () => {
    const cal = new WorkingCalendar(DEFAULT_CALENDAR, [], {
      open: ["2026-12-24"],
      periods: [{ startsOn: "2026-02-18", endsOn: "2026-03-19", weekly: { ...DEFAULT_CALENDAR.weekly, 2: [["08:00", "14:00"]] } }],
    });
    expect(cal.isClosedDate("2026-12-24")).toBe(false);
    expect(cal.isOpenAt(new Date("2026-03-03T15:00:00+08:00"))).toBe(false);
    expect(cal.isOpenAt(new Date("2026-03-10T13:00:00+08:00"))).toBe(true);
    expect(cal.isOpenAt(new Date("2026-03-31T15:00:00+08:00"))).toBe(true);
  });
});
