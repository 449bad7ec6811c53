import { describe, expect, it } from "vitest";
import { GraphQLFailure } from "../graphql/client";
import { draftOf, draftProblems, emptyDraft, opdVariables, problemOfRefusal } from "./draft";

const good = {
  code: "dishub",
  name: " Dinas Perhubungan ",
  shortName: "",
  contactEmail: "dishub@samarindakota.go.id",
  contactPhone: "(0541) 741234",
};

describe("an OPD draft", () => {
  it("is checked like the server checks it", () => {
    expect(draftProblems(good)).toEqual([]);
    expect(draftProblems(emptyDraft())).toEqual(["code", "name"]);
    expect(draftProblems({ ...good, code: "DIS HUB" })).toEqual(["code"]);
    expect(draftProblems({ ...good, code: "-DISHUB" })).toEqual(["code"]);
    expect(draftProblems({ ...good, shortName: "x".repeat(61) })).toEqual(["shortName"]);
    expect(draftProblems({ ...good, contactEmail: "dishub@localhost" })).toEqual(["contactEmail"]);
    expect(draftProblems({ ...good, contactPhone: "12345" })).toEqual(["contactPhone"]);
    expect(draftProblems({ ...good, contactPhone: "telepon" })).toEqual(["contactPhone"]);
    expect(draftProblems({ ...good, contactPhone: "+62 812-3456-7890" })).toEqual([]);
  });

  it("sends the code in capitals and blank optional fields as null", () => {
    expect(opdVariables(good)).toEqual({
      code: "DISHUB",
      name: "Dinas Perhubungan",
      shortName: null,
      contactEmail: "dishub@samarindakota.go.id",
      contactPhone: "(0541) 741234",
    });
    expect(
      draftOf({
        id: "1",
        code: "DINKES",
        name: "Dinas Kesehatan",
        shortName: null,
        contactEmail: null,
        contactPhone: "0541",
        active: true,
      }),
    ).toEqual({
      code: "DINKES",
      name: "Dinas Kesehatan",
      shortName: "",
      contactEmail: "",
      contactPhone: "0541",
    });
  });

  it("puts the server's refusals under their field", () => {
    expect(problemOfRefusal(new GraphQLFailure("CONFLICT", "taken", { field: "code" }))).toBe("codeTaken");
    expect(problemOfRefusal(new GraphQLFailure("VALIDATION", "bad", { field: "contactPhone" }))).toBe("contactPhone");
    expect(problemOfRefusal(new GraphQLFailure("NOT_FOUND", "gone", { field: "opdId" }))).toBe("opdId");
    expect(problemOfRefusal(new GraphQLFailure("VALIDATION", "bad", { field: "constructor" }))).toBe(null);
    expect(problemOfRefusal(new GraphQLFailure("FORBIDDEN", "no"))).toBe(null);
    expect(problemOfRefusal(new Error("x"))).toBe(null);
  });
});
