import { describe, expect, it } from "vitest";
import { GraphQLFailure } from "../graphql/client";
import { draftProblems, insertPlaceholder, mayManage, problemOfRefusal } from "./draft";

describe("answer template drafts", () => {
  it("checks presence and the length the use allows", () => {
    expect(draftProblems({ name: " ", use: "", body: "" })).toEqual(["name", "use", "body"]);
    expect(draftProblems({ name: "Tutup", use: "CLOSING", body: "x".repeat(2_001) })).toEqual(["body"]);
    expect(draftProblems({ name: "Jawab", use: "ANSWER", body: "x".repeat(2_001) })).toEqual([]);
  });

  it("puts a refusal under its field, unknown placeholders with their names", () => {
    expect(problemOfRefusal(new GraphQLFailure("CONFLICT", "taken", { field: "name" }))).toEqual({ problem: "nameTaken" });
    expect(problemOfRefusal(new GraphQLFailure("VALIDATION", "x", { field: "body", unknownPlaceholders: ["nama"] }))).toEqual({
      problem: "placeholders",
      names: ["nama"],
    });
    expect(problemOfRefusal(new GraphQLFailure("VALIDATION", "x", { field: "use" }))).toEqual({ problem: "use" });
    expect(problemOfRefusal(new GraphQLFailure("FORBIDDEN", "x"))).toBeNull();
  });

  it("lets the Admin OPD manage its OPD's templates and the city roles the city-wide ones", () => {
    const opd = { id: "a" };
    expect(mayManage({ role: "ADMIN_OPD", opd }, "a")).toBe(true);
    expect(mayManage({ role: "ADMIN_OPD", opd }, "b")).toBe(false);
    expect(mayManage({ role: "ADMIN_OPD", opd }, null)).toBe(false);
    expect(mayManage({ role: "LIAISON", opd }, "a")).toBe(false);
    expect(mayManage({ role: "ADMIN_INSTANSI" }, null)).toBe(true);
    expect(mayManage({ role: "SUPERUSER" }, "a")).toBe(false);
  });

  it("inserts a placeholder over the selection and puts the cursor after it", () => {
    expect(insertPlaceholder("Nomor  ya", 6, 6, "nomor")).toEqual({ text: "Nomor {nomor} ya", cursor: 13 });
    expect(insertPlaceholder("Nomor XX", 6, 8, "nomor")).toEqual({ text: "Nomor {nomor}", cursor: 13 });
  });
});
