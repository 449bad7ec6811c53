import { describe, expect, it } from "vitest";
import type { CaseAction, Stage } from "../graphql/generated/graphql";
import { homeStage, isDraggable, legalTargets, movesFor, movesOnto, type Transition } from "./rules";

const row = (from: Stage | null, action: CaseAction, to: Stage, roles: Transition["roles"], required: string[] = []): Transition => ({
  from,
  action,
  to,
  roles,
  required,
  optional: [],
  templates: action === "ACKNOWLEDGE" ? [{ input: "initialResponse", use: "INITIAL_RESPONSE" }] : [],
});

const TABLE: Transition[] = [
  row(null, "SUBMIT", "DISPOSITION", ["COMPLAINANT", "ADMIN_INSTANSI"]),
  row("DISPOSITION", "FORWARD", "INITIAL_RESPONSE", ["ADMIN_INSTANSI"], ["opdId"]),
  row("DISPOSITION", "REJECT", "CLOSED", ["ADMIN_INSTANSI"], ["reason"]),
  row("DISPOSITION", "TRANSFER_OUT", "CLOSED", ["ADMIN_INSTANSI"], ["reason", "destination"]),
  row("INITIAL_RESPONSE", "ACKNOWLEDGE", "ANALYSIS", ["ADMIN_OPD"], ["initialResponse", "reportMaterial"]),
  row("INITIAL_RESPONSE", "RETURN_TO_INSTANSI", "DISPOSITION", ["ADMIN_OPD"], ["reason"]),
  row("ANALYSIS", "SUBMIT_ANSWER", "DELIVERY", ["LIAISON"], ["analysis", "answer", "consulted"]),
];

describe("drag rules", () => {
  it("lights only the columns the server's available actions lead to", () => {
    const moves = movesFor({ stage: "INITIAL_RESPONSE", availableActions: ["ACKNOWLEDGE", "RETURN_TO_INSTANSI"] }, TABLE);
    expect([...legalTargets(moves)].sort()).toEqual(["ANALYSIS", "DISPOSITION"]);
    expect(movesOnto(moves, "ANALYSIS").map((m) => m.required)).toEqual([["initialResponse", "reportMaterial"]]);
    expect(movesOnto(moves, "DELIVERY")).toEqual([]);
  });

  it("offers both closing actions when the Admin Instansi drops on CLOSED", () => {
    const moves = movesFor({ stage: "DISPOSITION", availableActions: ["FORWARD", "REJECT", "TRANSFER_OUT"] }, TABLE);
    expect(movesOnto(moves, "CLOSED").map((m) => m.action)).toEqual(["REJECT", "TRANSFER_OUT"]);
  });

  it("a card without available actions cannot be dragged", () => {
    const moves = movesFor({ stage: "ANALYSIS", availableActions: [] }, TABLE);
    expect(isDraggable(moves)).toBe(false);
    expect(legalTargets(moves).size).toBe(0);
  });

  it("ignores an action the table does not place at the card's stage", () => {
    expect(movesFor({ stage: "ANALYSIS", availableActions: ["FORWARD"] }, TABLE)).toEqual([]);
  });

  it("carries the inputs answer templates fill", () => {
    const [ack, back] = movesFor({ stage: "INITIAL_RESPONSE", availableActions: ["ACKNOWLEDGE", "RETURN_TO_INSTANSI"] }, TABLE);
    expect(ack.templates).toEqual([{ input: "initialResponse", use: "INITIAL_RESPONSE" }]);
    expect(back.templates).toEqual([]);
  });

  it("finds the stage a role acts at", () => {
    expect(homeStage("LIAISON", TABLE)).toBe("ANALYSIS");
    expect(homeStage("ADMIN_OPD", TABLE)).toBe("INITIAL_RESPONSE");
    expect(homeStage("OFFICER", TABLE)).toBeNull();
  });
});
