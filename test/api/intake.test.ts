import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadlines } from "../../server/src/sop/deadline.js";
import { stepOf, Stage } from "../../server/src/sop/sop.definition.js";
import { errorCode, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const DUPLICATES = `query($lapor: String, $title: String!, $desc: String!, $contact: String) {
  duplicateCandidates(laporTrackingId: $lapor, title: $title, description: $desc, complainantContact: $contact) {
    caseId trackingNumber title stage receivedAt reason score } }`;
const CASE_TIMES = `query($id: ID!) { case(id: $id) { receivedAt stageEnteredAt stageDueAt visits { enteredAt dueAt } events { inputs } } }`;

const TITLE = "Bantuan modal UMKM belum cair";
const DESCRIPTION = "Sudah tiga bulan dana bantuan modal usaha belum masuk ke rekening kelompok usaha kami di Sungai Kunjang.";
const DAY_MS = 86_400_000;
const CONTACT = "0852-4444-5555";

async function record(input: Record<string, unknown>): Promise<{ id: string; trackingNumber: string }> {
  const r = await ok(
    ts.app.url,
    Q.record,
    { input: { ...complaint({ complainantContact: CONTACT }), channel: "WALK_IN", ...input } },
    city.tokens.instansi,
  );
  return { id: r.recordComplaint.case.id, trackingNumber: r.recordComplaint.trackingNumber };
}

const daysAgo = (days: number) => new Date(ts.clock.now().getTime() - days * DAY_MS).toISOString();

async function stepOneDue(from: Date): Promise<string> {
  const sop = ts.app.services.sops.current();
  const calendar = await ts.app.services.calendars.forVersion(sop.version);
  return deadlines(sop.definition, stepOf(sop.definition, Stage.DISPOSITION), from, calendar).dueAt.toISOString();
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("receivedAt at intake", () => {
  const past = "2026-11-20T10:30:00.000Z";

  it.each(["LAPOR", "MPP", "WHATSAPP", "LETTER", "WALK_IN"])("%s: step 1's deadline runs from a past receivedAt", async (channel) => {
    const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel, receivedAt: past } }, city.tokens.instansi);
    const c = (await ok(ts.app.url, CASE_TIMES, { id: r.recordComplaint.case.id }, city.tokens.instansi)).case;
    const expected = await stepOneDue(new Date(past));
    expect(expected).not.toBe(await stepOneDue(ts.clock.now()));
    expect(c).toMatchObject({ receivedAt: past, stageEnteredAt: past, stageDueAt: expected });
    expect(c.visits).toEqual([{ enteredAt: past, dueAt: expected }]);
    expect(c.events[0].inputs).toMatchObject({ channel, receivedAt: past });
  });

  it("refuses a receivedAt in the future and stores nothing", async () => {
    const count = async () => (await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case`))[0].n;
    const before = await count();
    const future = new Date(ts.clock.now().getTime() + 3_600_000).toISOString();
    expect(
      await errorCode(ts.app.url, Q.record, { input: { ...complaint(), channel: "LETTER", receivedAt: future } }, city.tokens.instansi),
    ).toBe("VALIDATION");
    expect(await count()).toBe(before);
  });
});

describe("duplicate warning at intake", () => {
  let lapor: { id: string; trackingNumber: string };
  let edited: { id: string };
  let unrelated: { id: string };
  let otherContact: { id: string };
  let tooOld: { id: string };
  let oldLapor: { id: string };

  beforeAll(async () => {
    lapor = await record({ channel: "LAPOR", laporTrackingId: "LAPOR-7781", title: TITLE, description: DESCRIPTION });
    edited = await record({ title: "Bantuan modal UMKM belum cair juga", description: DESCRIPTION.replace("tiga bulan", "empat bulan") });
    unrelated = await record({
      title: "Izin usaha mikro belum terbit",
      description: "Pengajuan NIB lewat OSS ditolak tanpa penjelasan dari petugas.",
    });
    otherContact = await record({ title: TITLE, description: DESCRIPTION, complainantContact: "0813-9999-2222" });
    tooOld = await record({ title: TITLE, description: DESCRIPTION, receivedAt: daysAgo(40) });
    oldLapor = await record({
      channel: "LAPOR",
      laporTrackingId: "LAPOR-1200",
      title: "Lain",
      description: "Lain sama sekali",
      receivedAt: daysAgo(200),
    });
  });

  it("finds the same LAPOR! id at any age and similar text from the same contact within 30 days", async () => {
    const found = (
      await ok(
        ts.app.url,
        DUPLICATES,
        { lapor: "lapor-7781", title: TITLE, desc: DESCRIPTION, contact: "+62 852 4444 5555" },
        city.tokens.instansi,
      )
    ).duplicateCandidates;
    const ids = found.map((d: { caseId: string }) => d.caseId);
    expect(ids).toEqual([lapor.id, edited.id]);
    expect(found[0]).toMatchObject({
      trackingNumber: lapor.trackingNumber,
      title: TITLE,
      stage: "DISPOSITION",
      reason: "SAME_LAPOR_ID",
      score: 1,
    });
    expect(found[1]).toMatchObject({ reason: "SIMILAR_TEXT" });
    expect(found[1].score).toBeGreaterThanOrEqual(0.5);
    expect(found[1].score).toBeLessThan(1);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(otherContact.id);
    expect(ids).not.toContain(tooOld.id);

    const old = (await ok(ts.app.url, DUPLICATES, { lapor: "LAPOR-1200", title: "x", desc: "y" }, city.tokens.instansi))
      .duplicateCandidates;
    expect(old).toMatchObject([{ caseId: oldLapor.id, reason: "SAME_LAPOR_ID" }]);
  });

  it("compares text only with a contact, and finds nothing for a fresh complaint", async () => {
    expect((await ok(ts.app.url, DUPLICATES, { title: TITLE, desc: DESCRIPTION }, city.tokens.instansi)).duplicateCandidates).toEqual([]);
    const fresh = { title: "Jalan rusak", desc: "Lubang besar di depan pasar", contact: CONTACT };
    expect((await ok(ts.app.url, DUPLICATES, fresh, city.tokens.instansi)).duplicateCandidates).toEqual([]);
  });

  it("only warns: a complaint with a known LAPOR! id is still recorded", async () => {
    const again = await record({ channel: "LAPOR", laporTrackingId: "LAPOR-7781", title: TITLE, description: DESCRIPTION });
    expect(again.id).not.toBe(lapor.id);
    const found = (await ok(ts.app.url, DUPLICATES, { lapor: "LAPOR-7781", title: "x", desc: "y" }, city.tokens.instansi))
      .duplicateCandidates;
    expect(found.map((d: { caseId: string }) => d.caseId).sort()).toEqual([lapor.id, again.id].sort());
  });

  it("is for the Admin Instansi only", async () => {
    const vars = { lapor: "LAPOR-7781", title: TITLE, desc: DESCRIPTION };
    for (const who of ["adminA", "liaisonA", "officerA", "superuser"] as const) {
      expect(await errorCode(ts.app.url, DUPLICATES, vars, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, DUPLICATES, vars)).toBe("UNAUTHENTICATED");
    expect(await errorCode(ts.app.url, DUPLICATES, { ...vars, title: " " }, city.tokens.instansi)).toBe("VALIDATION");
  });
});

describe("location", () => {
  it("is kept as written, shown to staff and to the complainant, and optional", async () => {
    const r = await ok(
      ts.app.url,
      `mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { trackingNumber accessCode case { location } } }`,
      {
        input: complaint({ location: "Jl. Pahlawan depan Pasar Segiri, Samarinda Ulu" }),
      },
    );
    expect(r.submitComplaint.case.location).toBe("Jl. Pahlawan depan Pasar Segiri, Samarinda Ulu");
    const staff = await ok(
      ts.app.url,
      `query($t: String) { cases(first: 1, filter: { text: $t }) { edges { node { location } } } }`,
      { t: r.submitComplaint.trackingNumber },
      city.tokens.instansi,
    );
    expect(staff.cases.edges[0].node.location).toBe("Jl. Pahlawan depan Pasar Segiri, Samarinda Ulu");
    const without = await record({});
    const c = await ok(ts.app.url, `query($id: ID!) { case(id: $id) { location } }`, { id: without.id }, city.tokens.instansi);
    expect(c.case.location).toBeNull();
  });

  it("over 300 characters is VALIDATION and stores nothing", async () => {
    const [{ n: before }] = await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case`);
    expect(await errorCode(ts.app.url, Q.submit, { input: complaint({ location: "x".repeat(301) }) })).toBe("VALIDATION");
    const [{ n: after }] = await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case`);
    expect(after).toBe(before);
  });
});
