import { describe, expect, it } from "vitest";
import { exportShare, exportUrl } from "./exports";

describe("board export requests", () => {
  it("carries the board's filters, and part only for CSV", () => {
    expect(exportUrl("csv", {})).toBe("/exports/cases.csv");
    expect(
      exportUrl(
        "csv",
        { stages: ["DISPOSITION", "ANALYSIS"], opdId: "o1", channel: "LAPOR", text: " jalan rusak ", overdue: true },
        "visits",
      ),
    ).toBe("/exports/cases.csv?stage=DISPOSITION%2CANALYSIS&opdId=o1&channel=LAPOR&text=jalan+rusak&overdue=true&part=visits");
    expect(exportUrl("xlsx", { overdue: false }, "events")).toBe("/exports/cases.xlsx");
    expect(exportUrl("json", { text: "  " })).toBe("/exports/cases.json");
    expect(exportUrl("json", { assignedToMe: true, unassigned: true })).toBe("/exports/cases.json?assignedToMe=true");
    expect(exportUrl("csv", { unassigned: true })).toBe("/exports/cases.csv?unassigned=true");
  });

  it("knows how far a CSV of cases is, and that other files have no known end", () => {
    expect(exportShare("csv", "cases", 50, 200)).toBe(0.25);
    expect(exportShare("csv", "cases", 0, 0)).toBe(1);
    expect(exportShare("csv", "cases", 5, null)).toBeNull();
    expect(exportShare("csv", "visits", 50, 200)).toBeNull();
    expect(exportShare("json", "cases", 50, 200)).toBeNull();
  });
});
