import { describe, expect, it } from "vitest";
import { DomainError, ErrorCode } from "../errors.js";
import { Role, Stage } from "../sop/sop.definition.js";
import { actionsFor, assertTransition, CaseAction, findTransition, publicInputsOf, TRANSITIONS } from "./case.workflow.js";

const ROLES = Object.values(Role);
const FROM: (Stage | null)[] = [null, ...Object.values(Stage)];

function refusal(fn: () => unknown): ErrorCode {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("transition table", () => {
  it("has exactly the rows of docs/sop-workflow.md", () => {
    const rows = TRANSITIONS.map((r) => `${r.from ?? "-"} ${r.action} ${r.to} ${[...r.roles].sort().join("|")}`);
    expect(rows.sort()).toEqual(
      [
        "- SUBMIT DISPOSITION ADMIN_INSTANSI|COMPLAINANT",
        "DISPOSITION FORWARD INITIAL_RESPONSE ADMIN_INSTANSI",
        "DISPOSITION REJECT CLOSED ADMIN_INSTANSI",
        "DISPOSITION TRANSFER_OUT CLOSED ADMIN_INSTANSI",
        "INITIAL_RESPONSE ACKNOWLEDGE ANALYSIS ADMIN_OPD",
        "INITIAL_RESPONSE RETURN_TO_INSTANSI DISPOSITION ADMIN_OPD",
        "ANALYSIS SUBMIT_ANSWER DELIVERY LIAISON",
        "DELIVERY DELIVER_ANSWER CONFIRMATION ADMIN_OPD",
        "DELIVERY SEND_BACK ANALYSIS ADMIN_OPD",
        "CONFIRMATION ACCEPT CLOSED COMPLAINANT",
        "CONFIRMATION REPLY INITIAL_RESPONSE COMPLAINANT",
        "CONFIRMATION CLOSE CLOSED ADMIN_OPD",
        "CONFIRMATION AUTO_CLOSE CLOSED SYSTEM",
      ].sort(),
    );
  });

  it.each(TRANSITIONS.map((r) => [r.from ?? "(new)", r.action, r] as const))(
    "%s × %s: allowed for its roles, FORBIDDEN for every other",
    (_f, _a, row) => {
      for (const role of ROLES) {
        if (row.roles.includes(role)) expect(assertTransition(row.from, row.action, role)).toBe(row);
        else expect(refusal(() => assertTransition(row.from, row.action, role))).toBe(ErrorCode.FORBIDDEN);
      }
    },
  );

  it("refuses every stage × action pair not in the table, for every role", () => {
    let refused = 0;
    for (const from of FROM) {
      for (const action of Object.values(CaseAction)) {
        if (findTransition(from, action)) continue;
        for (const role of ROLES) {
          expect(refusal(() => assertTransition(from, action, role))).toBe(ErrorCode.INVALID_TRANSITION);
          refused++;
        }
      }
    }
    expect(refused).toBe((FROM.length * Object.values(CaseAction).length - TRANSITIONS.length) * ROLES.length);
  });

  it("nothing leaves CLOSED", () => {
    for (const role of ROLES) expect(actionsFor(Stage.CLOSED, role)).toEqual([]);
  });

  it("every open stage has an acting role and a way forward", () => {
    for (const stage of [Stage.DISPOSITION, Stage.INITIAL_RESPONSE, Stage.ANALYSIS, Stage.DELIVERY, Stage.CONFIRMATION]) {
      expect(TRANSITIONS.filter((r) => r.from === stage).length).toBeGreaterThan(0);
    }
  });

  it("a reply starts a new round; nothing else does", () => {
    expect(TRANSITIONS.filter((r) => r.newRound).map((r) => r.action)).toEqual([CaseAction.REPLY]);
  });

  it("internal work stays off the complainant's timeline; public parts only", () => {
    expect(publicInputsOf(Stage.ANALYSIS, CaseAction.SUBMIT_ANSWER, { analysis: "x", answer: "y" })).toBeNull();
    expect(publicInputsOf(Stage.INITIAL_RESPONSE, CaseAction.RETURN_TO_INSTANSI, { reason: "x" })).toBeNull();
    expect(publicInputsOf(Stage.DELIVERY, CaseAction.SEND_BACK, { reason: "x" })).toBeNull();
    expect(publicInputsOf(Stage.INITIAL_RESPONSE, CaseAction.ACKNOWLEDGE, { initialResponse: "halo", reportMaterial: "rahasia" })).toEqual({
      initialResponse: "halo",
    });
    expect(publicInputsOf(Stage.DISPOSITION, CaseAction.FORWARD, { opdId: "x", opdName: "Dinas", note: "n" })).toEqual({
      opdName: "Dinas",
    });
  });
});
