import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { errorCode, gql, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let c: { id: string; version: number };
let before: string;

const snapshot = async () =>
  JSON.stringify(
    await ts.app.dataSource.query(
      `SELECT (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM stage_visit) AS visits,
              (SELECT count(*) FROM complaint_case) AS cases, (SELECT string_agg(id || ':' || version || ':' || stage, ',' ORDER BY id) FROM complaint_case) AS state`,
    ),
  );

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi);
  c = r.recordComplaint.case;
  const f = await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
  c = f.forwardToOpd;
});
afterAll(() => ts?.stop());
beforeEach(async () => {
  before = await snapshot();
});

async function refused(expected: string, query: string, vars: Record<string, unknown>, token?: string) {
  expect(await errorCode(ts.app.url, query, vars, token)).toBe(expected);
  expect(await snapshot()).toBe(before);
}

describe("bad input gets a typed error and changes nothing", () => {
  it("unknown and malformed ids", async () => {
    await refused("NOT_FOUND", Q.acknowledge, { id: "00000000-0000-4000-8000-000000000000", v: 1, ir: "a", rm: "b" }, city.tokens.adminA);
    await refused("VALIDATION", Q.acknowledge, { id: "../etc/passwd", v: 1, ir: "a", rm: "b" }, city.tokens.adminA);
    await refused("VALIDATION", Q.forward, { id: c.id, v: c.version, opd: "not-an-id" }, city.tokens.instansi);
    await refused("NOT_FOUND", Q.case, { id: "00000000-0000-4000-8000-000000000000" }, city.tokens.instansi);
  });

  it("wrong types", async () => {
    await refused("BAD_USER_INPUT", Q.acknowledge, { id: c.id, v: "three", ir: "a", rm: "b" }, city.tokens.adminA);
    await refused("BAD_USER_INPUT", Q.submit, { input: { ...complaint(), anonymous: "yes" } });
    await refused("GRAPHQL_VALIDATION_FAILED", `mutation { acknowledgeComplaint(caseId: 1) { id } }`, {}, city.tokens.adminA);
    await refused("GRAPHQL_PARSE_FAILED", `mutation { acknowledgeComplaint(`, {}, city.tokens.adminA);
  });

  it("empty or missing required outputs", async () => {
    await refused("VALIDATION", Q.acknowledge, { id: c.id, v: c.version, ir: "   ", rm: "bahan" }, city.tokens.adminA);
    await refused("VALIDATION", Q.acknowledge, { id: c.id, v: c.version, ir: "tanggapan", rm: "" }, city.tokens.adminA);
    await refused("VALIDATION", Q.submit, { input: complaint({ title: "" }) });
    await refused("VALIDATION", Q.submit, { input: complaint({ complainantName: null }) });
    await refused("VALIDATION", Q.submit, { input: complaint({ anonymous: true }) });
  });

  it("oversized text", async () => {
    await refused("VALIDATION", Q.acknowledge, { id: c.id, v: c.version, ir: "x".repeat(10_001), rm: "bahan" }, city.tokens.adminA);
    await refused("VALIDATION", Q.submit, { input: complaint({ title: "judul ".repeat(50) }) });
  });

  it("out-of-range rating and the wrong stage", async () => {
    await refused("INVALID_TRANSITION", Q.deliver, { id: c.id, v: c.version }, city.tokens.adminA);
    await refused("FORBIDDEN", Q.acknowledge, { id: c.id, v: c.version, ir: "a", rm: "b" }, city.tokens.liaisonA);
    await refused("FORBIDDEN", Q.acknowledge, { id: c.id, v: c.version, ir: "a", rm: "b" }, city.tokens.adminB);
    await refused("FORBIDDEN", Q.acknowledge, { id: c.id, v: c.version, ir: "a", rm: "b" }, city.tokens.superuser);
    await refused("UNAUTHENTICATED", Q.acknowledge, { id: c.id, v: c.version, ir: "a", rm: "b" });
  });

  it("forged, expired and malformed tokens", async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("00000000-0000-4000-8000-000000000000")
      .setIssuer("sop-complaint-desk")
      .setAudience("desk-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("a-guessed-secret-that-is-not-the-real-one"));
    const ack = { id: c.id, v: c.version, ir: "a", rm: "b" };
    await refused("UNAUTHENTICATED", Q.acknowledge, ack, forged);
    await refused("UNAUTHENTICATED", Q.acknowledge, ack, "not.a.jwt");
    const [, payload, sig] = city.tokens.adminA.split(".");
    await refused("UNAUTHENTICATED", Q.acknowledge, ack, `${Buffer.from('{"alg":"none"}').toString("base64url")}.${payload}.${sig}`);
    const expired = city.tokens.adminA;
    ts.clock.advanceHours(13);
    try {
      const r = await gql(ts.app.url, Q.acknowledge, ack, expired);
      expect(r.errors?.[0]).toMatchObject({ message: "Token expired; sign in again", extensions: { code: "UNAUTHENTICATED" } });
      expect(r.status).toBe(401);
      expect(await snapshot()).toBe(before);
    } finally {
      ts.clock.advanceHours(-13);
    }
  });

  it("the event log refuses to be edited or deleted, even by SQL", async () => {
    await expect(ts.app.dataSource.query(`UPDATE case_event SET action = 'REJECT'`)).rejects.toThrow(/append-only/);
    await expect(ts.app.dataSource.query(`DELETE FROM case_event`)).rejects.toThrow(/append-only/);
    await expect(ts.app.dataSource.query(`TRUNCATE case_event`)).rejects.toThrow(/append-only|cannot truncate/);
    expect(await snapshot()).toBe(before);
  });

  it("internal errors are masked: no SQL, no stack", async () => {
    await ts.app.dataSource.query(`ALTER TABLE opd RENAME TO opd_moved`);
    try {
      const r = await gql(ts.app.url, `{ opds { id } }`, {}, city.tokens.instansi);
      expect(r.errors?.[0]).toMatchObject({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
      expect(JSON.stringify(r)).not.toMatch(/relation|opd_moved|stack|\.ts:/);
    } finally {
      await ts.app.dataSource.query(`ALTER TABLE opd_moved RENAME TO opd`);
    }
    expect((await gql(ts.app.url, `{ opds { code } }`, {}, city.tokens.instansi)).data?.opds).toHaveLength(2);
  });
});
