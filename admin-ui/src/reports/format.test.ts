import { describe, expect, it } from "vitest";
import { formatHours, formatShare, parseGroupBy, sortRows } from "./format";
import { complianceFileUrl } from "./urls";
import { daysPeriod } from "./period";

describe("report formatting", () => {
  it("writes shares and hours in the user's language", () => {
    expect(formatShare(2 / 3, "id")).toBe("66,7%");
    expect(formatShare(2 / 3, "en")).toBe("66.7%");
    expect(formatShare(null, "id")).toBe("—");
    expect(formatHours(1.5, "id")).toBe("1,5");
  });

  it("reads the group-by from the URL: known dimensions, in order, once", () => {
    expect(parseGroupBy("opd,STEP,foo,OPD")).toEqual(["OPD", "STEP"]);
    expect(parseGroupBy(undefined)).toEqual([]);
  });

  it("orders rows by the SOP's steps, keeping the server's order within a step", () => {
    const rows = [
      { step: "ANALYSIS" as const, n: 1 },
      { step: "DISPOSITION" as const, n: 2 },
      { step: "ANALYSIS" as const, n: 3 },
    ];
    expect(sortRows(rows, ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS"]).map((r) => r.n)).toEqual([2, 1, 3]);
  });

  it("asks the file routes for the period in WITA days with the same grouping and OPD", () => {
    const url = complianceFileUrl("xlsx", { ...daysPeriod("2026-11-01", "2026-11-30"), groupBy: ["STEP", "OPD"], opdId: "o1" });
    expect(url).toBe(
      "/reports/compliance.xlsx?from=2026-10-31T16%3A00%3A00.000Z&to=2026-11-30T16%3A00%3A00.000Z&groupBy=STEP%2COPD&opdId=o1",
    );
  });
});
