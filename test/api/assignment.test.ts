import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, gql, ok, subscribe } from "../support/client.js";
import { caseAtConfirmation, caseAtInitialResponse } from "../support/cases.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
const ids: Record<string, string> = {};

const ASSIGN = `mutation($id: ID!, $v: Int!, $who: ID!) { assignCase(caseId: $id, expectedVersion: $v, assigneeId: $who) {
  id version stage stageEnteredAt stageDueAt assignee { id username displayName role } } }`;
const UNASSIGN = `mutation($id: ID!, $v: Int!) { unassignCase(caseId: $id, expectedVersion: $v) { id version assignee { id } } }`;
const CASE = `query($id: ID!) { case(id: $id) { version stage stageEnteredAt stageDueAt mayAssign assignee { username }
  visits { stage enteredAt dueAt doneAt } events { action actorRole fromStage toStage version inputs } } }`;
const STAFF = `query($id: ID!) { assignableStaff(caseId: $id) { id username role } }`;
const BOARD = `query($f: CaseFilter) { board(filter: $f) { columns { stage count cards { id assignee { username } } } } }`;
const LIST = `query($f: CaseFilter) { cases(filter: $f) { totalCount edges { node { id } } } }`;

const boardIds = async (token: string, f: Record<string, unknown>) =>
  (await ok(ts.app.url, BOARD, { f }, token)).board.columns.flatMap((c: { cards: { id: string }[] }) => c.cards.map((x) => x.id));

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  for (const r of await ts.app.dataSource.query(`SELECT id, username FROM app_user`)) ids[r.username] = r.id;
});
afterAll(() => ts?.stop());

describe("assignment", () => {
  it("gives a case to a liaison of its OPD: an internal event, the version moves, the stage and its clock do not", async () => {
    const c = await forwarded();
    const before = (await ok(ts.app.url, CASE, { id: c.id }, city.tokens.adminA)).case;
    expect(before.mayAssign).toBe(true);
    expect(before.assignee).toBeNull();
    ts.clock.advanceHours(0.2);
    const after = (await ok(ts.app.url, ASSIGN, { id: c.id, v: c.version, who: ids.liaisona }, city.tokens.adminA)).assignCase;
    expect(after).toMatchObject({ version: c.version + 1, stage: "INITIAL_RESPONSE", assignee: { username: "liaisona", role: "LIAISON" } });
    expect(after.stageEnteredAt).toBe(before.stageEnteredAt);
    expect(after.stageDueAt).toBe(before.stageDueAt);
    const read = (await ok(ts.app.url, CASE, { id: c.id }, city.tokens.liaisonA)).case;
    expect(read.visits).toEqual(before.visits);
    expect(read.events.at(-1)).toMatchObject({
      action: "ASSIGN",
      actorRole: "ADMIN_OPD",
      fromStage: "INITIAL_RESPONSE",
      toStage: "INITIAL_RESPONSE",
      version: c.version + 1,
      inputs: { assigneeId: ids.liaisona, assigneeName: "User liaisonA", previousAssigneeId: null },
    });
    expect(read.mayAssign).toBe(false);

    const { caseByTracking } = await ok(ts.app.url, Q.publicCase, { tn: c.tn, code: c.code });
    expect(caseByTracking.timeline.map((t: { action: string }) => t.action)).toEqual(["SUBMIT", "FORWARD"]);
    expect(JSON.stringify(caseByTracking)).not.toContain("liaisona");
  });

  it("refuses a stale version, a person of another OPD, a deactivated one, a non-liaison, and the wrong roles and stages", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const assign = (who: string, token = city.tokens.adminA, v = c.version) => gql(ts.app.url, ASSIGN, { id: c.id, v, who }, token);
    const field = async (who: string) => (await assign(who)).errors?.[0].extensions;
    expect(await field(ids.liaisonb)).toMatchObject({ code: "VALIDATION", field: "assigneeId" });
    expect(await field(ids.admina)).toMatchObject({ code: "VALIDATION", field: "assigneeId" });
    expect(await field(ids.instansi)).toMatchObject({ code: "VALIDATION", field: "assigneeId" });
    expect(await field("00000000-0000-4000-8000-000000000000")).toMatchObject({ code: "VALIDATION", field: "assigneeId" });
    await ts.app.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [ids.officera]);
    try {
      expect(await field(ids.officera)).toMatchObject({ code: "VALIDATION", field: "assigneeId" });
    } finally {
      await ts.app.dataSource.query(`UPDATE app_user SET active = true WHERE id = $1`, [ids.officera]);
    }
    expect((await assign(ids.officera, city.tokens.liaisonA)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await assign(ids.officera, city.tokens.officerA)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await assign(ids.officera, city.tokens.instansi)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await assign(ids.liaisonb, city.tokens.adminB)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const done = (await assign(ids.officera)).data!.assignCase;
    expect(done.version).toBe(c.version + 1);
    const stale = (await assign(ids.liaisona, city.tokens.adminA, c.version)).errors?.[0].extensions;
    expect(stale).toMatchObject({ code: "VERSION_CONFLICT", currentVersion: c.version + 1 });
    expect(await errorCode(ts.app.url, Q.acknowledge, { id: c.id, v: c.version, ir: "x", rm: "y" }, city.tokens.adminA)).toBe(
      "VERSION_CONFLICT",
    );
    const fresh = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint
      .case;
    expect(await errorCode(ts.app.url, ASSIGN, { id: fresh.id, v: fresh.version, who: ids.liaisona }, city.tokens.adminA)).toBe(
      "FORBIDDEN",
    );
  });

  it("lets the liaison assign at step 3 only, and nobody once the case is closed", async () => {
    let c = await caseAtInitialResponse(ts.app.url, city);
    c = (await ok(ts.app.url, Q.acknowledge, { id: c.id, v: c.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA))
      .acknowledgeComplaint;
    expect((await ok(ts.app.url, CASE, { id: c.id }, city.tokens.liaisonA)).case.mayAssign).toBe(true);
    const a = (await ok(ts.app.url, ASSIGN, { id: c.id, v: c.version, who: ids.officera }, city.tokens.liaisonA)).assignCase;
    expect(a.assignee.username).toBe("officera");
    const u = (await ok(ts.app.url, UNASSIGN, { id: c.id, v: a.version }, city.tokens.liaisonA)).unassignCase;
    expect(u).toMatchObject({ version: a.version + 1, assignee: null });
    expect((await gql(ts.app.url, UNASSIGN, { id: c.id, v: u.version }, city.tokens.liaisonA)).errors?.[0].extensions).toMatchObject({
      code: "VALIDATION",
    });
    const events = (await ok(ts.app.url, CASE, { id: c.id }, city.tokens.adminA)).case.events.map((e: { action: string }) => e.action);
    expect(events.slice(-2)).toEqual(["ASSIGN", "UNASSIGN"]);

    const closed = await caseAtConfirmation(ts.app.url, city);
    await advanceHours(ts, city, 24);
    const shut = (await ok(ts.app.url, Q.close, { id: closed.id, v: closed.version, reason: "Selesai" }, city.tokens.adminA)).closeCase;
    expect(await errorCode(ts.app.url, ASSIGN, { id: shut.id, v: shut.version, who: ids.liaisona }, city.tokens.adminA)).toBe(
      "INVALID_TRANSITION",
    );
  });

  it("lists the OPD's active liaisons and officers as the people to assign", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const staff = (await ok(ts.app.url, STAFF, { id: c.id }, city.tokens.adminA)).assignableStaff;
    expect(staff.map((s: { username: string }) => s.username).sort()).toEqual(["liaisona", "officera"]);
    expect(await errorCode(ts.app.url, STAFF, { id: c.id }, city.tokens.adminB)).toBe("FORBIDDEN");
  });

  it("filters the board and the list to Kasus saya and Belum ditugaskan, with the other filters", async () => {
    const mine = await caseAtInitialResponse(ts.app.url, city);
    const other = await caseAtInitialResponse(ts.app.url, city);
    const nobody = await caseAtInitialResponse(ts.app.url, city);
    await ok(ts.app.url, ASSIGN, { id: mine.id, v: mine.version, who: ids.liaisona }, city.tokens.adminA);
    await ok(ts.app.url, ASSIGN, { id: other.id, v: other.version, who: ids.officera }, city.tokens.adminA);
    const liaisonMine = await boardIds(city.tokens.liaisonA, { assignedToMe: true });
    expect(liaisonMine).toContain(mine.id);
    expect(liaisonMine).not.toContain(other.id);
    expect(liaisonMine).not.toContain(nobody.id);
    const officerMine = await boardIds(city.tokens.officerA, { assignedToMe: true, stages: ["INITIAL_RESPONSE"] });
    expect(officerMine).toContain(other.id);
    expect(officerMine).not.toContain(mine.id);
    expect(await boardIds(city.tokens.officerA, { assignedToMe: true, stages: ["ANALYSIS"] })).not.toContain(other.id);
    const open = await boardIds(city.tokens.adminA, { unassigned: true });
    expect(open).toContain(nobody.id);
    expect(open).not.toContain(mine.id);
    expect(open).not.toContain(other.id);
    const list = (await ok(ts.app.url, LIST, { f: { assignedToMe: true } }, city.tokens.liaisonA)).cases;
    expect(list.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(mine.id);
    expect(list.totalCount).toBe(list.edges.length);
    expect(
      (await gql(ts.app.url, LIST, { f: { assignedToMe: true, unassigned: true } }, city.tokens.adminA)).errors?.[0].extensions,
    ).toMatchObject({ code: "VALIDATION", field: "unassigned" });
  });

  it("is published to the OPD's live case changes, with the assignee", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const sub = await subscribe(
      ts.app.wsUrl,
      `subscription { caseChanged { caseId action fromStage toStage version case { id assignee { username } } } }`,
      city.tokens.liaisonA,
    );
    try {
      await ok(ts.app.url, ASSIGN, { id: c.id, v: c.version, who: ids.liaisona }, city.tokens.adminA);
      await sub.waitFor((events) => events.some((e) => e.caseChanged.caseId === c.id));
      expect(sub.events.find((e) => e.caseChanged.caseId === c.id)!.caseChanged).toEqual({
        caseId: c.id,
        action: "ASSIGN",
        fromStage: "INITIAL_RESPONSE",
        toStage: "INITIAL_RESPONSE",
        version: c.version + 1,
        case: { id: c.id, assignee: { username: "liaisona" } },
      });
    } finally {
      await sub.close();
    }
  });

  it("names the assignee on the SLA alerts of the case, for the console to tell them first", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const other = await caseAtInitialResponse(ts.app.url, city);
    await ok(ts.app.url, ASSIGN, { id: c.id, v: c.version, who: ids.officera }, city.tokens.adminA);
    const alerts = await subscribe(ts.app.wsUrl, `subscription { slaAlerts { kind caseId assigneeId } }`, city.tokens.adminA);
    try {
      await advanceHours(ts, city, 1.6);
      await ts.app.services.sweeper.sweepOnce();
      await alerts.waitFor((ev) => ev.filter((e) => [c.id, other.id].includes(e.slaAlerts.caseId)).length === 2);
      const mine = alerts.events.map((e) => e.slaAlerts).filter((a) => [c.id, other.id].includes(a.caseId));
      expect(mine).toContainEqual({ kind: "WARNING", caseId: c.id, assigneeId: ids.officera });
      expect(mine).toContainEqual({ kind: "WARNING", caseId: other.id, assigneeId: null });
    } finally {
      await alerts.close();
    }
  });

  it("ends when the case is returned to the Admin Instansi: the assignee was of the OPD that gave it back", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const a = (await ok(ts.app.url, ASSIGN, { id: c.id, v: c.version, who: ids.liaisona }, city.tokens.adminA)).assignCase;
    await ok(ts.app.url, Q.returnIt, { id: c.id, v: a.version, reason: "Bukan kewenangan" }, city.tokens.adminA);
    expect((await ok(ts.app.url, CASE, { id: c.id }, city.tokens.instansi)).case.assignee).toBeNull();
  });
});

/** A case at step 2 with the complainant's credentials. */
async function forwarded(): Promise<{ id: string; version: number; tn: string; code: string }> {
  const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint;
  const f = (await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
  return { id: f.id, version: f.version, tn: r.trackingNumber, code: r.accessCode };
}
