import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR, WorkingCalendar } from "./calendar.js";

const HOUR = 3_600_000;
const cal = new WorkingCalendar(DEFAULT_CALENDAR, [{ date: "2026-12-24", label: "Cuti bersama Natal" }]);
const withBreak = new WorkingCalendar({
  ...DEFAULT_CALENDAR,
  weekly: {
    ...DEFAULT_CALENDAR.weekly,
    5: [
      ["08:00", "11:30"],
      ["13:30", "16:30"],
    ],
  },
});
const wita = (local: string) => new Date(`${local}+08:00`);

describe("working-time calendar (WITA, Mon–Fri 08:00–16:00, holidays)", () => {
  it("Friday 15:00 + 2 working hours = Monday 09:00", () => {
    expect(cal.addWorking(wita("2026-11-27T15:00:00"), 2 * HOUR)).toEqual(wita("2026-11-30T09:00:00"));
  });

  it("a step due over a national holiday skips it (17 August)", () => {
    expect(cal.addWorking(wita("2026-08-14T15:00:00"), 2 * HOUR)).toEqual(wita("2026-08-18T09:00:00"));
  });

  it("collective leave days are skipped too", () => {
    expect(cal.addWorking(wita("2026-12-23T15:00:00"), 2 * HOUR)).toEqual(wita("2026-12-28T09:00:00"));
  });

  it("70 working hours from a Thursday afternoon land where a person with a calendar would put them", () => {
    // Thu 2 h, Fri 8, Mon–Fri 40, Mon–Tue 16 = 66 h, then 4 h on Wednesday 9 December
    expect(cal.addWorking(wita("2026-11-26T14:00:00"), 70 * HOUR)).toEqual(wita("2026-12-09T12:00:00"));
  });

  it("a lunch break pauses the clock", () => {
    expect(withBreak.addWorking(wita("2026-11-27T11:00:00"), HOUR)).toEqual(wita("2026-11-27T14:00:00"));
    expect(withBreak.isOpenAt(wita("2026-11-27T12:00:00"))).toBe(false);
    expect(withBreak.nextOpening(wita("2026-11-27T12:00:00"))).toEqual(wita("2026-11-27T13:30:00"));
  });

  it("next opening and closing", () => {
    expect(cal.nextOpening(wita("2026-11-28T10:00:00"))).toEqual(wita("2026-11-30T08:00:00"));
    expect(cal.nextOpening(wita("2026-11-30T10:00:00"))).toEqual(wita("2026-11-30T10:00:00"));
    expect(cal.nextClosing(wita("2026-11-30T10:00:00"))).toEqual(wita("2026-11-30T16:00:00"));
    expect(cal.nextClosing(wita("2026-11-28T10:00:00"))).toEqual(wita("2026-11-28T10:00:00"));
  });

  const instant = fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true });
  const duration = fc.integer({ min: 0, max: 200 * 60 }).map((m) => m * 60_000);

  it("law: measuring what was added gives it back", () => {
    fc.assert(fc.property(instant, duration, (t, d) => cal.elapsedWorking(t, cal.addWorking(t, d)) === d));
    fc.assert(fc.property(instant, duration, (t, d) => withBreak.elapsedWorking(t, withBreak.addWorking(t, d)) === d));
  });

  it("law: a result never lands inside a closed period", () => {
    fc.assert(
      fc.property(instant, duration, (t, d) => {
        const r = cal.addWorking(t, d);
        return cal.isOpenAt(r) || cal.isOpenAt(new Date(r.getTime() - 1));
      }),
    );
  });

  it("law: adding more never lands earlier, and elapsed time is additive", () => {
    fc.assert(
      fc.property(instant, duration, duration, (t, a, b) => cal.addWorking(t, Math.min(a, b)) <= cal.addWorking(t, Math.max(a, b))),
    );
    fc.assert(
      fc.property(instant, duration, duration, (t, a, b) => {
        const m = cal.addWorking(t, a);
        const e = cal.addWorking(m, b);
        return cal.elapsedWorking(t, e) === cal.elapsedWorking(t, m) + cal.elapsedWorking(m, e);
      }),
    );
  });

  it("law: a long span measures what its single days add up to, closures and holidays included", () => {
    const span = fc.integer({ min: 0, max: 800 * 24 * 60 }).map((m) => m * 60_000);
    const byDays = (c: typeof cal, from: Date, to: Date) => {
      let total = 0;
      for (let t = from.getTime(); t < to.getTime(); t += 86_400_000)
        total += c.elapsedWorking(new Date(t), new Date(Math.min(t + 86_400_000, to.getTime())));
      return total;
    };
    for (const c of [cal, withBreak]) {
      fc.assert(
        fc.property(instant, span, (t, d) => c.elapsedWorking(t, new Date(t.getTime() + d)) === byDays(c, t, new Date(t.getTime() + d))),
        { numRuns: 60 },
      );
    }
  });

  it("law: the next opening is open and no earlier than asked", () => {
    fc.assert(fc.property(instant, (t) => cal.nextOpening(t) >= t && cal.isOpenAt(cal.nextOpening(t))));
  });

  describe("on a host in another time zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });
    it.each(["America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Chatham"])("%s gives the same answers", (tz) => {
      const times = [wita("2026-11-27T15:00:00"), wita("2026-03-08T01:30:00"), wita("2026-10-31T23:59:00")];
      const before = times.map((t) => [
        cal.addWorking(t, 5 * HOUR).getTime(),
        cal.elapsedWorking(t, new Date(t.getTime() + 80 * HOUR)),
        cal.isOpenAt(t),
      ]);
      process.env.TZ = tz;
      expect(new Date(2026, 0, 1).getTimezoneOffset()).not.toBe(0);
      const after = times.map((t) => [
        cal.addWorking(t, 5 * HOUR).getTime(),
        cal.elapsedWorking(t, new Date(t.getTime() + 80 * HOUR)),
        cal.isOpenAt(t),
      ]);
      expect(after).toEqual(before);
    });
  });
});
