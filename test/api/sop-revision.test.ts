import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseAtInitialResponse } from "../support/cases.js";
import { errorCode, gql, ok } from "../support/client.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const DRAFT_FIELDS = `revision baseVersion openedBy updatedBy changes { field before after }
  sop { version warningShare steps { number stage description requirements output remarks time { label basis hours minHours } } }`;
const OPEN = `mutation { openSopDraft { ${DRAFT_FIELDS} } }`;
const DRAFT = `query { sopDraft { ${DRAFT_FIELDS} } }`;
const PROJECTION = `query { sopDraft { projection { months step stepNumber currentLabel draftLabel handled metCurrent metDraft currentShare draftShare } } }`;
const EDIT = `mutation($r: Int!, $input: SopRevisionInput!) { updateSopDraft(expectedRevision: $r, revision: $input) { ${DRAFT_FIELDS} } }`;
const DISCARD = `mutation($r: Int!) { discardSopDraft(expectedRevision: $r) }`;
const PUBLISH = `mutation($r: Int!, $at: DateTimeISO) { publishSopDraft(expectedRevision: $r, effectiveAt: $at) {
  version status effectiveAt publishedBy changes { field before after } } }`;
const VERSIONS = `query { sopVersions { version status effectiveAt publishedBy changes { field before after } sop { version } } }`;
const SOP = `query { sop { version effectiveAt warningShare steps { number time { label basis hours } } } }`;

type Revision = Record<string, any> & { steps: Record<string, any>[] };

/** The draft's content as a SopRevisionInput that changes nothing. */
async function currentRevision(): Promise<Revision> {
  const d = (
    await ok(
      ts.app.url,
      `query { sopDraft { sop { number createdOn revisedOn effectiveOn approvedBy { position name nip } legalBasis qualifications
        relatedSops equipment warning records warningShare steps { number description requirements output remarks time { basis hours minHours } } } } }`,
      {},
      city.tokens.instansi,
    )
  ).sopDraft.sop;
  return {
    ...d,
    steps: d.steps.map((s: any) => ({
      number: s.number,
      description: s.description,
      requirements: s.requirements,
      output: s.output,
      remarks: s.remarks,
      basis: s.time.basis,
      hours: s.time.hours,
      minHours: s.time.minHours,
    })),
  };
}

const withStep = (r: Revision, n: number, patch: Record<string, unknown>): Revision => ({
  ...r,
  steps: r.steps.map((s) => (s.number === n ? { ...s, ...patch } : s)),
});

const trail = (action: string): Promise<{ actor_name: string; subject_id: string; before: any; after: any }[]> =>
  ts.app.dataSource.query(`SELECT actor_name, subject_id, before, after FROM admin_change WHERE action = $1 ORDER BY id`, [action]);

const draftRow = async () => JSON.stringify(await ts.app.dataSource.query(`SELECT * FROM sop_draft`));

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("a draft revision", () => {
  it("is for the Admin Instansi and the superuser; anybody signed in reads the versions", async () => {
    expect(await errorCode(ts.app.url, OPEN, {}, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, OPEN, {}, city.tokens.liaisonA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, OPEN)).toBe("UNAUTHENTICATED");
    expect(await errorCode(ts.app.url, DRAFT, {}, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, VERSIONS)).toBe("UNAUTHENTICATED");
    const versions = (await ok(ts.app.url, VERSIONS, {}, city.tokens.adminA)).sopVersions;
    expect(versions).toEqual([{ version: 1, status: "IN_FORCE", effectiveAt: null, publishedBy: null, changes: [], sop: { version: 1 } }]);
    expect((await ok(ts.app.url, DRAFT, {}, city.tokens.instansi)).sopDraft).toBeNull();
  });

  it("opens one at a time from the newest version, and the opening is in the trail", async () => {
    const d = (await ok(ts.app.url, OPEN, {}, city.tokens.instansi)).openSopDraft;
    expect(d).toMatchObject({ revision: 1, baseVersion: 1, openedBy: "instansi", changes: [], sop: { version: 2 } });
    expect(await errorCode(ts.app.url, OPEN, {}, city.tokens.superuser)).toBe("CONFLICT");
    expect(await trail("SOP_DRAFT_OPENED")).toEqual([{ actor_name: "instansi", subject_id: "2", before: null, after: { baseVersion: 1 } }]);
  });

  it("refuses each bad field by name, and a refusal changes nothing", async () => {
    const r = await currentRevision();
    const before = await draftRow();
    const trailCount = async () => (await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM admin_change`))[0].n;
    const rows = await trailCount();
    const cases: [Revision, string][] = [
      [withStep(r, 2, { hours: 0 }), "steps.2.hours"],
      [withStep(r, 2, { hours: 2.1 }), "steps.2.hours"],
      [withStep(r, 5, { minHours: 80 }), "steps.5.minHours"],
      [withStep(r, 3, { description: "  " }), "steps.3.description"],
      [withStep(r, 4, { output: [] }), "steps.4.output"],
      [{ ...r, steps: r.steps.slice(0, 4) }, "steps"],
      [{ ...r, steps: [...r.steps, { ...r.steps[0], number: 6 }] }, "steps"],
      [{ ...r, warningShare: 1.2 }, "warningShare"],
      [{ ...r, revisedOn: "2026-02-30" }, "revisedOn"],
      [{ ...r, effectiveOn: "kemarin" }, "effectiveOn"],
      [{ ...r, legalBasis: [] }, "legalBasis"],
      [{ ...r, approvedBy: { ...r.approvedBy, name: "" } }, "approvedBy.name"],
      [{ ...r, number: "" }, "number"],
    ];
    for (const [input, field] of cases) {
      const res = await gql(ts.app.url, EDIT, { r: 1, input }, city.tokens.instansi);
      expect(res.errors?.[0].extensions, field).toMatchObject({ code: "VALIDATION", field });
    }
    const basis = await gql(ts.app.url, EDIT, { r: 1, input: withStep(r, 2, { basis: "WEEKS" }) }, city.tokens.instansi);
    expect(basis.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await errorCode(ts.app.url, EDIT, { r: 7, input: r }, city.tokens.instansi)).toBe("VERSION_CONFLICT");
    expect(await errorCode(ts.app.url, EDIT, { r: 1, input: r }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await draftRow()).toBe(before);
    expect(await trailCount()).toBe(rows);
  });

  it("edits what a revision may change; the label follows the hours; the draft shows its changes", async () => {
    const r = await currentRevision();
    const d = (
      await ok(
        ts.app.url,
        EDIT,
        { r: 1, input: { ...withStep(r, 2, { hours: 3, remarks: "Dikoordinasikan langsung melalui telepon" }), warningShare: 0.8 } },
        city.tokens.instansi,
      )
    ).updateSopDraft;
    expect(d.revision).toBe(2);
    expect(d.sop.steps[1]).toMatchObject({
      stage: "INITIAL_RESPONSE",
      time: { label: "3 Jam", basis: "WORKING", hours: 3, minHours: null },
    });
    expect(d.sop.warningShare).toBe(0.8);
    expect(d.changes).toEqual([
      { field: "warningShare", before: "75%", after: "80%" },
      { field: "steps.2.time", before: "2 Jam (jam kerja)", after: "3 Jam (jam kerja)" },
      { field: "steps.2.remarks", before: "Dikoordinasikan langsung", after: "Dikoordinasikan langsung melalui telepon" },
    ]);
    const [edited] = await trail("SOP_DRAFT_EDITED");
    expect(edited).toMatchObject({
      actor_name: "instansi",
      subject_id: "2",
      before: { warningShare: "75%", "steps.2.time": "2 Jam (jam kerja)" },
      after: { warningShare: "80%", "steps.2.time": "3 Jam (jam kerja)" },
    });
    const back = withStep(await currentRevision(), 2, { remarks: "Dikoordinasikan langsung" });
    expect(
      (await ok(ts.app.url, EDIT, { r: 2, input: { ...back, warningShare: 0.75 } }, city.tokens.superuser)).updateSopDraft,
    ).toMatchObject({
      revision: 3,
      updatedBy: "superuser",
      changes: [{ field: "steps.2.time" }],
    });
  });
});

describe("the projection before publishing", () => {
  it("counts the stored visits of the last 3, 6 and 12 months against the standard in force and the draft's", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const now = ts.clock.now().getTime();
    const DAY = 86_400_000;
    // step 2 (in force 2 h, draft 3 h): [days ago, working hours taken]
    const visits: [number, number | null][] = [
      [10, 1],
      [40, 2.5],
      [80, 4],
      [150, 2.5],
      [300, 1.5],
      [300, 3],
      [330, null],
      [400, 1],
    ];
    for (const [daysAgo, hours] of visits) {
      const done = new Date(now - daysAgo * DAY);
      await ts.app.dataSource.query(
        `INSERT INTO stage_visit (id, case_id, stage, round, entered_at, warn_at, due_at, done_at, working_seconds, outcome)
         VALUES ($1, $2, 'INITIAL_RESPONSE', 1, $3, $3, $3, $3, $4, 'ACKNOWLEDGE')`,
        [randomUUID(), c.id, done, hours === null ? null : hours * 3600],
      );
    }
    const rows = (await ok(ts.app.url, PROJECTION, {}, city.tokens.instansi)).sopDraft.projection;
    const step2 = rows.filter((r: any) => r.step === "INITIAL_RESPONSE");
    // 3 months: 1, 2.5, 4 → within 2 h: 1; within 3 h: 2. 6 months adds 2.5 → 1 / 3. 12 months adds 1.5 and 3 → 2 / 5.
    expect(step2).toEqual([
      {
        months: 3,
        step: "INITIAL_RESPONSE",
        stepNumber: 2,
        currentLabel: "2 Jam",
        draftLabel: "3 Jam",
        handled: 3,
        metCurrent: 1,
        metDraft: 2,
        currentShare: 1 / 3,
        draftShare: 2 / 3,
      },
      {
        months: 6,
        step: "INITIAL_RESPONSE",
        stepNumber: 2,
        currentLabel: "2 Jam",
        draftLabel: "3 Jam",
        handled: 4,
        metCurrent: 1,
        metDraft: 3,
        currentShare: 0.25,
        draftShare: 0.75,
      },
      {
        months: 12,
        step: "INITIAL_RESPONSE",
        stepNumber: 2,
        currentLabel: "2 Jam",
        draftLabel: "3 Jam",
        handled: 6,
        metCurrent: 2,
        metDraft: 5,
        currentShare: 2 / 6,
        draftShare: 5 / 6,
      },
    ]);
    const step3 = rows.filter((r: any) => r.step === "ANALYSIS");
    expect(step3.map((r: any) => [r.months, r.handled, r.currentShare])).toEqual([
      [3, 0, null],
      [6, 0, null],
      [12, 0, null],
    ]);
    expect(await errorCode(ts.app.url, PROJECTION, {}, city.tokens.adminA)).toBe("FORBIDDEN");
  });
});

describe("publishing", () => {
  let before: { id: string; version: number };
  let instant: Date;

  it("refuses an instant in the past and a draft read at another revision, changing nothing", async () => {
    const past = new Date(ts.clock.now().getTime() - 60_000).toISOString();
    const res = await gql(ts.app.url, PUBLISH, { r: 3, at: past }, city.tokens.instansi);
    expect(res.errors?.[0].extensions).toMatchObject({ code: "VALIDATION", field: "effectiveAt" });
    expect(await errorCode(ts.app.url, PUBLISH, { r: 2 }, city.tokens.instansi)).toBe("VERSION_CONFLICT");
    expect(await errorCode(ts.app.url, PUBLISH, { r: 3 }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect((await ok(ts.app.url, DRAFT, {}, city.tokens.instansi)).sopDraft.revision).toBe(3);
    expect(await trail("SOP_PUBLISHED")).toEqual([]);
  });

  it("schedules version 2: cases submitted before keep version 1 and its 2 h, those after get 3 h", async () => {
    const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi);
    before = r.recordComplaint.case;
    instant = new Date(ts.clock.now().getTime() + 3_600_000);
    const published = (await ok(ts.app.url, PUBLISH, { r: 3, at: instant.toISOString() }, city.tokens.instansi)).publishSopDraft;
    expect(published).toMatchObject({
      version: 2,
      status: "SCHEDULED",
      effectiveAt: instant.toISOString(),
      publishedBy: "instansi",
      changes: [{ field: "steps.2.time", before: "2 Jam (jam kerja)", after: "3 Jam (jam kerja)" }],
    });
    expect((await ok(ts.app.url, DRAFT, {}, city.tokens.instansi)).sopDraft).toBeNull();
    expect((await ok(ts.app.url, SOP)).sop.version).toBe(1);
    const early = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi);
    const [{ sop_version: earlyVersion }] = await ts.app.dataSource.query(`SELECT sop_version FROM complaint_case WHERE id = $1`, [
      early.recordComplaint.case.id,
    ]);
    expect(earlyVersion).toBe(1);

    await advanceHours(ts, city, 1);
    expect((await ok(ts.app.url, SOP)).sop).toMatchObject({
      version: 2,
      effectiveAt: instant.toISOString(),
      steps: [{}, { time: { label: "3 Jam" } }, {}, {}, {}],
    });
    const versions = (await ok(ts.app.url, VERSIONS, {}, city.tokens.adminA)).sopVersions;
    expect(versions.map((v: any) => [v.version, v.status])).toEqual([
      [2, "IN_FORCE"],
      [1, "SUPERSEDED"],
    ]);
    const after = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint
      .case;
    const calendar = await ts.app.services.calendars.forVersion(1);
    for (const [c, hours, version] of [
      [before, 2, 1],
      [after, 3, 2],
    ] as const) {
      const fwd = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
      const visit = (await ok(ts.app.url, Q.case, { id: c.id }, city.tokens.instansi)).case.visits.find(
        (v: any) => v.stage === "INITIAL_RESPONSE",
      );
      expect(fwd.stageDueAt).toBe(calendar.addWorking(new Date(visit.enteredAt), hours * 3_600_000).toISOString());
      const [{ sop_version }] = await ts.app.dataSource.query(`SELECT sop_version FROM complaint_case WHERE id = $1`, [c.id]);
      expect(sop_version).toBe(version);
    }
    const [row] = await trail("SOP_PUBLISHED");
    expect(row).toMatchObject({
      actor_name: "instansi",
      subject_id: "2",
      before: { version: 1, "steps.2.time": "2 Jam (jam kerja)" },
      after: { version: 2, effectiveAt: instant.toISOString(), "steps.2.time": "3 Jam (jam kerja)" },
    });
  });

  it("refuses a draft that changes nothing; a discarded draft is gone", async () => {
    const d = (await ok(ts.app.url, OPEN, {}, city.tokens.superuser)).openSopDraft;
    expect(d.baseVersion).toBe(2);
    const res = await gql(ts.app.url, PUBLISH, { r: 1 }, city.tokens.superuser);
    expect(res.errors?.[0].extensions).toMatchObject({ code: "VALIDATION", field: "draft" });
    expect(await ok(ts.app.url, DISCARD, { r: 1 }, city.tokens.superuser)).toEqual({ discardSopDraft: true });
    expect(await errorCode(ts.app.url, DISCARD, { r: 1 }, city.tokens.superuser)).toBe("NOT_FOUND");
    expect((await trail("SOP_DRAFT_DISCARDED")).map((t) => t.actor_name)).toEqual(["superuser"]);
  });

  it("of two publishes racing, one wins and the other is a VERSION_CONFLICT", async () => {
    await ok(ts.app.url, OPEN, {}, city.tokens.instansi);
    const r = await currentRevision();
    await ok(
      ts.app.url,
      EDIT,
      { r: 1, input: { ...r, warning: "Penanganan pengaduan terhambat bila prosedur tidak diikuti" } },
      city.tokens.instansi,
    );
    const results = await Promise.all([
      gql(ts.app.url, PUBLISH, { r: 2 }, city.tokens.instansi),
      gql(ts.app.url, PUBLISH, { r: 2 }, city.tokens.superuser),
    ]);
    const won = results.filter((x) => x.data?.publishSopDraft);
    const lost = results.filter((x) => x.errors?.length);
    expect(won).toHaveLength(1);
    expect(lost.map((x) => x.errors![0].extensions?.code)).toEqual(["VERSION_CONFLICT"]);
    expect(won[0].data!.publishSopDraft).toMatchObject({ version: 3, status: "IN_FORCE", changes: [{ field: "warning" }] });
    expect((await ts.app.dataSource.query(`SELECT version FROM sop_version ORDER BY version`)).map((x: any) => x.version)).toEqual([
      1, 2, 3,
    ]);
    expect((await trail("SOP_PUBLISHED")).map((t) => t.subject_id)).toEqual(["2", "3"]);
  });
});

describe("a scheduled version", () => {
  it("is the base of the next draft, and no later version may come into force before it", async () => {
    const warn = (text: string) => async (revision: number) => {
      const r = await currentRevision();
      await ok(ts.app.url, EDIT, { r: revision, input: { ...r, warning: text } }, city.tokens.instansi);
    };
    const later = new Date(ts.clock.now().getTime() + 10 * 3_600_000);
    await ok(ts.app.url, OPEN, {}, city.tokens.instansi);
    await warn("Peringatan versi empat")(1);
    expect((await ok(ts.app.url, PUBLISH, { r: 2, at: later.toISOString() }, city.tokens.instansi)).publishSopDraft).toMatchObject({
      version: 4,
      status: "SCHEDULED",
    });
    const d = (await ok(ts.app.url, OPEN, {}, city.tokens.instansi)).openSopDraft;
    expect(d.baseVersion).toBe(4);
    await warn("Peringatan versi lima")(1);
    const sooner = new Date(later.getTime() - 5 * 3_600_000).toISOString();
    const res = await gql(ts.app.url, PUBLISH, { r: 2, at: sooner }, city.tokens.instansi);
    expect(res.errors?.[0].extensions).toMatchObject({ code: "VALIDATION", field: "effectiveAt" });
    expect((await ok(ts.app.url, DRAFT, {}, city.tokens.instansi)).sopDraft.revision).toBe(2);
    expect((await ok(ts.app.url, SOP)).sop.version).toBe(3);
  });
});
