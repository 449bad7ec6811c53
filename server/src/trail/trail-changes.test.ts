import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "./admin-trail.js";
import { asText, fieldChanges } from "./trail-changes.js";

describe("a trail entry's field changes", () => {
  it("lists only the fields that differ, each side as text", () => {
    expect(
      fieldChanges(
        { code: "DINKES", name: "Dinas Kesehatan", shortName: null, active: true },
        { code: "DINKES", name: "Dinas Kesehatan Kota", shortName: "Dinkes", active: false },
      ),
    ).toEqual([
      { field: "name", before: "Dinas Kesehatan", after: "Dinas Kesehatan Kota" },
      { field: "shortName", before: null, after: "Dinkes" },
      { field: "active", before: "true", after: "false" },
    ]);
  });

  it("lists every field of a creation and of a removal", () => {
    expect(fieldChanges(null, { code: "DISHUB", scopes: ["ACT", "CASES_READ"] })).toEqual([
      { field: "code", before: null, after: "DISHUB" },
      { field: "scopes", before: null, after: "ACT, CASES_READ" },
    ]);
    expect(fieldChanges({ label: "Lobi" }, null)).toEqual([{ field: "label", before: "Lobi", after: null }]);
    expect(fieldChanges(null, null)).toEqual([]);
  });

  it("names nested fields by their path and keeps lists of objects as JSON", () => {
    expect(
      fieldChanges(
        { header: { number: "1/2026", approver: "Kadis" } },
        { header: { number: "2/2026", approver: "Kadis" }, steps: [{ hours: 3 }] },
      ),
    ).toEqual([
      { field: "header.number", before: "1/2026", after: "2/2026" },
      { field: "steps", before: null, after: '[{"hours":3}]' },
    ]);
  });

  it("shows a redacted secret as its placeholder, never as its value", () => {
    const changes = fieldChanges(null, redact({ username: "siti", passwordHash: "$argon2id$secret" }) as Record<string, unknown>);
    expect(changes).toEqual([
      { field: "username", before: null, after: "siti" },
      { field: "passwordHash", before: null, after: REDACTED },
    ]);
    expect(JSON.stringify(changes)).not.toContain("argon2");
  });

  it("reads plain values as text", () => {
    expect([asText(undefined), asText(null), asText(0), asText(false), asText("x"), asText([1, null])]).toEqual([
      null,
      null,
      "0",
      "false",
      "x",
      "1, null",
    ]);
  });
});
