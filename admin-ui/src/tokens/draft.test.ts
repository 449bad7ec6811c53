import { describe, expect, it } from "vitest";
import { createVariables, draftProblems, emptyDraft, needsOpd, type ApiTokenDraft } from "./draft";

const OPD = "7d3f3c5e-6a53-4c8e-9a0e-2b1f1f7d9b10";
const draft = (over: Partial<ApiTokenDraft> = {}): ApiTokenDraft => ({ ...emptyDraft(), label: "Dasbor Diskominfo", opdId: OPD, ...over });

describe("an API token draft", () => {
  it("starts as a liaison token reading cases for 90 days, still missing its label and OPD", () => {
    expect(emptyDraft()).toEqual({ label: "", role: "LIAISON", opdId: "", scopes: ["CASES_READ"], days: 90 });
    expect(draftProblems(emptyDraft())).toEqual(["label", "opdRequired"]);
  });

  it("needs an OPD for the OPD roles and refuses one for the city-wide Admin Instansi", () => {
    expect(needsOpd("ADMIN_OPD")).toBe(true);
    expect(needsOpd("LIAISON")).toBe(true);
    expect(needsOpd("ADMIN_INSTANSI")).toBe(false);
    expect(draftProblems(draft({ role: "ADMIN_OPD", opdId: "" }))).toEqual(["opdRequired"]);
    expect(draftProblems(draft({ role: "LIAISON", opdId: "" }))).toEqual(["opdRequired"]);
    expect(draftProblems(draft({ role: "ADMIN_INSTANSI" }))).toEqual(["opdForbidden"]);
    expect(draftProblems(draft({ role: "ADMIN_INSTANSI", opdId: "" }))).toEqual([]);
    expect(draftProblems(draft({ role: "ADMIN_OPD" }))).toEqual([]);
  });

  it("needs at least one scope", () => {
    expect(draftProblems(draft({ scopes: [] }))).toEqual(["scopes"]);
    expect(draftProblems(draft({ scopes: ["SLA_READ"] }))).toEqual([]);
  });

  it("needs a label of 1 to 80 characters, blanks not counting", () => {
    expect(draftProblems(draft({ label: "   " }))).toEqual(["label"]);
    expect(draftProblems(draft({ label: "x".repeat(81) }))).toEqual(["label"]);
    expect(draftProblems(draft({ label: ` ${"x".repeat(80)} ` }))).toEqual([]);
  });

  it("is valid for a whole number of days from 1 to 365", () => {
    for (const days of [1, 90, 365, "30"]) expect(draftProblems(draft({ days }))).toEqual([]);
    for (const days of [0, 366, -5, 1.5, "", "abc"]) expect(draftProblems(draft({ days }))).toEqual(["days"]);
  });

  it("reports every problem at once, in the form's order", () => {
    expect(draftProblems({ label: "", role: "ADMIN_INSTANSI", opdId: OPD, scopes: [], days: 0 })).toEqual([
      "label",
      "opdForbidden",
      "scopes",
      "days",
    ]);
  });

  it("becomes the mutation's variables: trimmed label, the OPD only for an OPD role, scopes in a fixed order", () => {
    expect(createVariables(draft({ label: "  Aplikasi Warga ", scopes: ["OPEN311_SUBMIT", "CASES_READ"], days: "30" }))).toEqual({
      label: "Aplikasi Warga",
      role: "LIAISON",
      opdId: OPD,
      scopes: ["CASES_READ", "OPEN311_SUBMIT"],
      days: 30,
    });
    expect(createVariables(draft({ role: "ADMIN_INSTANSI", opdId: "" })).opdId).toBeNull();
  });

  it("is never sent with a problem", () => {
    expect(() => createVariables(draft({ scopes: [] }))).toThrow(/scopes/);
    expect(() => createVariables(draft({ role: "ADMIN_INSTANSI" }))).toThrow(/opdForbidden/);
  });
});
