import { describe, expect, it } from "vitest";
import type { CaseDetailFragment } from "../graphql/generated/graphql";
import { endingEvent, lastActorName, visitRows, type SopStepInfo } from "./caseFile";

type Visit = CaseDetailFragment["visits"][number];
type Event = CaseDetailFragment["events"][number];

const STEPS: SopStepInfo[] = [
  { number: 1, stage: "DISPOSITION", description: "Menyampaikan Pengaduan kepada Admin OPD", actorLabel: "Admin Instansi" },
  { number: 2, stage: "INITIAL_RESPONSE", description: "Menerima dan menindaklanjuti", actorLabel: "Admin OPD" },
];

const visit = (over: Partial<Visit>): Visit => ({
  id: "v",
  stage: "DISPOSITION",
  round: 1,
  enteredAt: "2026-11-23T01:00:00.000Z",
  warnAt: "2026-11-24T01:00:00.000Z",
  dueAt: "2026-11-25T01:00:00.000Z",
  doneAt: null,
  doneByRole: null,
  outcome: null,
  slaState: "ON_TRACK",
  ...over,
});

const event = (over: Partial<Event>): Event => ({
  id: "e",
  at: "2026-11-23T01:00:00.000Z",
  actorName: null,
  actorRole: "ADMIN_INSTANSI",
  action: "SUBMIT",
  fromStage: null,
  toStage: "DISPOSITION",
  round: 1,
  version: 1,
  inputs: {},
  ...over,
});

const events = [
  event({ id: "e1" }),
  event({
    id: "e2",
    at: "2026-11-23T02:00:00.000Z",
    actorName: "Admin Kota",
    action: "FORWARD",
    fromStage: "DISPOSITION",
    toStage: "INITIAL_RESPONSE",
  }),
  event({
    id: "e3",
    at: "2026-11-23T03:00:00.000Z",
    actorName: "Admin Diskop",
    actorRole: "ADMIN_OPD",
    action: "RETURN_TO_INSTANSI",
    fromStage: "INITIAL_RESPONSE",
    toStage: "DISPOSITION",
  }),
];

const visits = [
  visit({ id: "v3", stage: "DISPOSITION", round: 1, enteredAt: "2026-11-23T03:00:00.000Z" }),
  visit({
    id: "v1",
    enteredAt: "2026-11-23T01:00:00.000Z",
    doneAt: "2026-11-23T02:00:00.000Z",
    doneByRole: "ADMIN_INSTANSI",
    slaState: "MET",
  }),
  visit({
    id: "v2",
    stage: "INITIAL_RESPONSE",
    enteredAt: "2026-11-23T02:00:00.000Z",
    doneAt: "2026-11-23T03:00:00.000Z",
    doneByRole: "ADMIN_OPD",
    slaState: "MISSED",
  }),
];

describe("case file rows", () => {
  it("lists every visit in the order entered, with the SOP's step, acting role and who ended it", () => {
    const rows = visitRows({ visits, events }, STEPS);
    expect(rows.map((r) => [r.id, r.stepNumber, r.actorLabel, r.doneByName, r.slaState])).toEqual([
      ["v1", 1, "Admin Instansi", "Admin Kota", "MET"],
      ["v2", 2, "Admin OPD", "Admin Diskop", "MISSED"],
      ["v3", 1, "Admin Instansi", null, "ON_TRACK"],
    ]);
    expect(rows[0].stepName).toBe("Menyampaikan Pengaduan kepada Admin OPD");
  });

  it("finds the ending event only out of the visit's stage and at the time it was done", () => {
    expect(endingEvent(visits[1], events)?.id).toBe("e2");
    expect(endingEvent(visit({ doneAt: "2026-11-23T05:00:00.000Z" }), events)).toBeNull();
    expect(endingEvent(visits[0], events)).toBeNull();
  });

  it("names the last staff member of a role for the signature line", () => {
    expect(lastActorName(events, "ADMIN_OPD")).toBe("Admin Diskop");
    expect(lastActorName(events, "LIAISON")).toBeNull();
  });
});
