import { describe, expect, it } from "vitest";
import { emptyForm, formOfQuery, periodReversed, queryOfForm, trailExportUrl, trailFilter, valueShape } from "./trail";

describe("the admin trail's filter", () => {
  it("turns WITA days into instants, the last day included", () => {
    const filter = trailFilter({ ...emptyForm(), subjectType: "OPD", actor: " superadmin ", from: "2026-11-23", to: "2026-11-30" });
    expect(filter).toEqual({ subjectType: "OPD", actor: "superadmin", from: "2026-11-22T16:00:00.000Z", to: "2026-11-30T16:00:00.000Z" });
    expect(trailFilter(emptyForm())).toEqual({});
  });

  it("gives the export the same filter", () => {
    expect(trailExportUrl("csv", {})).toBe("/exports/admin-trail.csv");
    expect(trailExportUrl("json", { subjectType: "API_TOKEN", action: "API_TOKEN_REVOKED", from: "2026-11-22T16:00:00.000Z" })).toBe(
      "/exports/admin-trail.json?subjectType=API_TOKEN&action=API_TOKEN_REVOKED&from=2026-11-22T16%3A00%3A00.000Z",
    );
  });

  it("reads and writes the page's address, ignoring what is not a filter", () => {
    const form = formOfQuery({ subjectType: "OPD", subjectId: "abc", action: "drop table", from: "kemarin", to: "2026-11-30", x: "1" });
    expect(form).toEqual({ ...emptyForm(), subjectType: "OPD", subjectId: "abc", to: "2026-11-30" });
    expect(queryOfForm(form)).toEqual({ subjectType: "OPD", subjectId: "abc", to: "2026-11-30" });
    expect(formOfQuery({ subjectType: "KUCING" }).subjectType).toBe("");
  });

  it("notices a reversed period", () => {
    expect(periodReversed({ ...emptyForm(), from: "2026-11-30", to: "2026-11-23" })).toBe(true);
    expect(periodReversed({ ...emptyForm(), from: "2026-11-23", to: "2026-11-23" })).toBe(false);
  });
});

describe("a changed value", () => {
  it("is read by its shape", () => {
    expect(valueShape("active", "false")).toEqual({ kind: "boolean", value: false });
    expect(valueShape("revokedAt", "2026-11-23T01:02:03.000Z")).toEqual({ kind: "instant", value: "2026-11-23T01:02:03.000Z" });
    expect(valueShape("role", "LIAISON")).toEqual({ kind: "role", value: "LIAISON" });
    expect(valueShape("scopes", "ACT, CASES_READ")).toEqual({ kind: "scopes", value: ["ACT", "CASES_READ"] });
    expect(valueShape("use", "ANSWER")).toEqual({ kind: "templateUse", value: "ANSWER" });
    expect(valueShape("name", "Dinas Kesehatan")).toEqual({ kind: "text", value: "Dinas Kesehatan" });
    expect(valueShape("name", null)).toEqual({ kind: "empty" });
  });
});
