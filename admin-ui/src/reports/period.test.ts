import { describe, expect, it } from "vitest";
import { daysPeriod, monthDays, monthPeriod, shiftMonth, witaDay, witaMonth } from "./period";

describe("report periods in WITA", () => {
  it("takes the month of an instant in WITA, not UTC: 30 Nov 17:00 UTC is already December in Samarinda", () => {
    expect(witaMonth(Date.parse("2026-11-30T15:59:59Z"))).toBe("2026-11");
    expect(witaMonth(Date.parse("2026-11-30T16:00:00Z"))).toBe("2026-12");
    expect(witaDay(Date.parse("2026-11-27T20:00:00Z"))).toBe("2026-11-28");
  });

  it("a month runs from the 1st 00:00 WITA to the next 1st 00:00 WITA, across the year's end", () => {
    expect(monthPeriod("2026-11")).toEqual({ from: new Date("2026-10-31T16:00:00Z"), to: new Date("2026-11-30T16:00:00Z") });
    expect(monthPeriod("2026-12")).toEqual({ from: new Date("2026-11-30T16:00:00Z"), to: new Date("2026-12-31T16:00:00Z") });
    expect(monthDays("2028-02")).toEqual({ first: "2028-02-01", last: "2028-02-29" });
    expect(() => monthPeriod("2026-13")).toThrow(RangeError);
  });

  it("whole days include the last day", () => {
    expect(daysPeriod("2026-11-25", "2026-11-25")).toEqual({
      from: new Date("2026-11-24T16:00:00Z"),
      to: new Date("2026-11-25T16:00:00Z"),
    });
  });

  it("steps months back and forth", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
  });
});
