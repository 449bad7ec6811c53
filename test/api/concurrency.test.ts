import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

async function newCase(): Promise<{ id: string; version: number }> {
  const r = await ok(
    ts.app.url,
    Q.record,
    { input: { ...complaint(), channel: "LAPOR", laporTrackingId: "LAPOR-123" } },
    city.tokens.instansi,
  );
  return r.recordComplaint.case;
}

const sql = (text: string, values: unknown[] = []) => ts.app.dataSource.query(text, values);

const eventCount = async (id: string) =>
  Number((await ts.app.dataSource.query(`SELECT count(*) AS n FROM case_event WHERE case_id = $1`, [id]))[0].n);

describe("concurrent changes to one case", () => {
  it("50 simultaneous forwards: exactly one wins, the rest get a typed refusal, one event written", async () => {
    const c = await newCase();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        gql(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: i % 2 ? city.opdA.id : city.opdB.id }, city.tokens.instansi),
      ),
    );
    const wins = results.filter((r) => r.data?.forwardToOpd);
    const codes = results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code);
    expect(wins).toHaveLength(1);
    expect(codes).toHaveLength(49);
    expect(codes.every((code) => code === "VERSION_CONFLICT" || code === "INVALID_TRANSITION")).toBe(true);
    const conflicts = results.map((r) => r.errors?.[0].extensions).filter((e) => e?.code === "VERSION_CONFLICT");
    expect(conflicts.every((e) => e!.currentVersion === 2)).toBe(true);
    expect(await eventCount(c.id)).toBe(2);
    const visits = await ts.app.dataSource.query(`SELECT stage FROM stage_visit WHERE case_id = $1 ORDER BY entered_at`, [c.id]);
    expect(visits.map((v: { stage: string }) => v.stage)).toEqual(["DISPOSITION", "INITIAL_RESPONSE"]);
  });

  it("different actions racing on one case: one wins", async () => {
    const c = await newCase();
    const [a, b, d] = await Promise.all([
      gql(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi),
      gql(ts.app.url, Q.reject, { id: c.id, v: c.version, reason: "Spam" }, city.tokens.instansi),
      gql(ts.app.url, Q.transfer, { id: c.id, v: c.version, reason: "Audit", dest: "Inspektorat" }, city.tokens.instansi),
    ]);
    expect([a, b, d].filter((r) => !r.errors)).toHaveLength(1);
    expect([a, b, d].filter((r) => r.errors?.[0].extensions?.code === "VERSION_CONFLICT")).toHaveLength(2);
    expect(await eventCount(c.id)).toBe(2);
  });

  it("a stale version is refused even when the stage still fits", async () => {
    const c = await newCase();
    const fwd = await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    const back = await ok(ts.app.url, Q.returnIt, { id: c.id, v: fwd.forwardToOpd.version, reason: "Salah OPD" }, city.tokens.adminA);
    expect(back.returnToInstansi.stage).toBe("DISPOSITION");
    const stale = await gql(ts.app.url, Q.reject, { id: c.id, v: c.version, reason: "x" }, city.tokens.instansi);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: "VERSION_CONFLICT", currentVersion: 3 });
  });
});

describe("a step action's cost", () => {
  it("is one statement on a case this server wrote last: the guarded write of case, visits and event", async () => {
    const c = await newCase();
    const fwd = await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    await ok(ts.app.url, `{ opds { code } }`, {}, city.tokens.adminA);
    const before = ts.app.queries.count;
    const back = await ok(ts.app.url, Q.returnIt, { id: c.id, v: fwd.forwardToOpd.version, reason: "Salah OPD" }, city.tokens.adminA);
    expect(ts.app.queries.count - before).toBe(1);
    expect(back.returnToInstansi.stage).toBe("DISPOSITION");
    const visits = await ts.app.dataSource.query(
      `SELECT stage, done_at IS NOT NULL AS done, outcome FROM stage_visit WHERE case_id = $1 ORDER BY entered_at`,
      [c.id],
    );
    expect(visits).toEqual([
      { stage: "DISPOSITION", done: true, outcome: "FORWARD" },
      { stage: "INITIAL_RESPONSE", done: true, outcome: "RETURN_TO_INSTANSI" },
      { stage: "DISPOSITION", done: false, outcome: null },
    ]);
    const [row] = await ts.app.dataSource.query(`SELECT version, stage, opd_id FROM complaint_case WHERE id = $1`, [c.id]);
    expect(row).toEqual({ version: 3, stage: "DISPOSITION", opd_id: null });
    expect(await eventCount(c.id)).toBe(3);
  });
  it("is two on a case last written elsewhere (the caller expects a version this server has not seen): the case read and the write; a forward too, its OPD kept", async () => {
    const warm = await newCase();
    await ok(ts.app.url, Q.forward, { id: warm.id, v: warm.version, opd: city.opdA.id }, city.tokens.instansi);
    const c = await newCase();
    let before = ts.app.queries.count;
    const fwd = await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    expect(ts.app.queries.count - before).toBe(2);
    expect(fwd.forwardToOpd).toMatchObject({ stage: "INITIAL_RESPONSE", opd: { code: city.opdA.code } });
    await sql(`UPDATE complaint_case SET version = version + 1 WHERE id = $1`, [c.id]);
    before = ts.app.queries.count;
    const back = await ok(ts.app.url, Q.returnIt, { id: c.id, v: fwd.forwardToOpd.version + 1, reason: "Salah OPD" }, city.tokens.adminA);
    expect(ts.app.queries.count - before).toBe(2);
    expect(back.returnToInstansi).toMatchObject({ stage: "DISPOSITION", version: fwd.forwardToOpd.version + 2 });
  });
});

describe("a case decided from memory", () => {
  const forwarded = async () => {
    const c = await newCase();
    return (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd as {
      id: string;
      version: number;
    };
  };

  it("moved to another OPD by hand in SQL, version untouched: the old OPD's admin is refused and nothing is written", async () => {
    const c = await forwarded();
    await sql(`UPDATE complaint_case SET opd_id = $2 WHERE id = $1`, [c.id, city.opdB.id]);
    const r = await gql(ts.app.url, Q.returnIt, { id: c.id, v: c.version, reason: "Salah OPD" }, city.tokens.adminA);
    expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(await eventCount(c.id)).toBe(2);
    const back = await ok(ts.app.url, Q.returnIt, { id: c.id, v: c.version, reason: "Salah OPD" }, city.tokens.adminB);
    expect(back.returnToInstansi).toMatchObject({ stage: "DISPOSITION", version: c.version + 1 });
  });

  it("a refusal from memory is decided again from the database: a step changed by hand is taken as it now is", async () => {
    const c = await forwarded();
    await sql(`UPDATE complaint_case SET stage = 'DISPOSITION', opd_id = NULL WHERE id = $1`, [c.id]);
    const again = await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi);
    expect(again.forwardToOpd).toMatchObject({ stage: "INITIAL_RESPONSE", version: c.version + 1, opd: { code: city.opdB.code } });
  });

  it("50 simultaneous acknowledgements of a case this server wrote last: exactly one wins, the rest VERSION_CONFLICT, one event", async () => {
    const c = await forwarded();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        gql(ts.app.url, Q.acknowledge, { id: c.id, v: c.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA),
      ),
    );
    expect(results.filter((r) => r.data?.acknowledgeComplaint)).toHaveLength(1);
    const conflicts = results.map((r) => r.errors?.[0].extensions).filter(Boolean);
    expect(conflicts).toHaveLength(49);
    expect(conflicts.every((e) => e!.code === "VERSION_CONFLICT" && e!.currentVersion === c.version + 1)).toBe(true);
    expect(await eventCount(c.id)).toBe(3);
  });
});
