import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseAtInitialResponse } from "../support/cases.js";
import { errorCode, gql, ok, openSubscription, subscribe } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const FIELDS = `id label role opd { id code } scopes createdAt expiresAt revokedAt lastUsedAt`;
const CREATE = `mutation($label: String!, $role: Role!, $opd: ID, $scopes: [ApiScope!]!, $days: Int) {
  createApiToken(label: $label, role: $role, opdId: $opd, scopes: $scopes, days: $days) { token apiToken { ${FIELDS} } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String) { apiTokens(first: $first, after: $after) { edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
const USES = `query($id: ID!, $first: Int, $after: String) { apiTokenUses(tokenId: $id, first: $first, after: $after) {
  edges { node { at operationType operationName rootFields allowed clientIp } } pageInfo { hasNextPage endCursor } } }`;
const CASES = `query Dashboard { cases(first: 50) { totalCount edges { node { id trackingNumber opd { code } complainant { name contact } } } } }`;
const ALERTS = `subscription Alerts { slaAlerts { kind caseId } }`;

type Made = {
  token: string;
  apiToken: { id: string; label: string; role: string; scopes: string[]; opd: { id: string } | null; revokedAt: string | null };
};

async function create(
  vars: { label?: string; role: string; opd?: string | null; scopes: string[]; days?: number },
  by = city.tokens.instansi,
): Promise<Made> {
  return (await ok(ts.app.url, CREATE, { label: "Dasbor Diskominfo", ...vars }, by)).createApiToken;
}

const snapshot = async () =>
  JSON.stringify(await ts.app.dataSource.query(`SELECT id, version, stage, opd_id FROM complaint_case ORDER BY id`)) +
  JSON.stringify(await ts.app.dataSource.query(`SELECT count(*) FROM case_event`));

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  await caseAtInitialResponse(ts.app.url, city);
  const b = (
    await ok(ts.app.url, Q.record, { input: { ...complaint({ title: "Antrian puskesmas" }), channel: "MPP" } }, city.tokens.instansi)
  ).recordComplaint.case;
  await ok(ts.app.url, Q.forward, { id: b.id, v: b.version, opd: city.opdB.id }, city.tokens.instansi);
});
afterAll(() => ts?.stop());

describe("making API tokens", () => {
  it("shows the token once, keeps only its SHA-256, and lists it without the secret", async () => {
    const made = await create({ role: "ADMIN_INSTANSI", scopes: ["SLA_READ", "CASES_READ", "CASES_READ"], days: 30 });
    expect(made.token).toMatch(/^desk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(made.apiToken).toMatchObject({
      label: "Dasbor Diskominfo",
      role: "ADMIN_INSTANSI",
      opd: null,
      scopes: ["CASES_READ", "SLA_READ"],
      revokedAt: null,
    });
    const secret = made.token.slice("desk_".length + 33);
    const [row] = await ts.app.dataSource.query(
      `SELECT encode(secret_hash, 'hex') AS h, row_to_json(t)::text AS j FROM api_token t WHERE id = $1`,
      [made.apiToken.id],
    );
    expect(row.h).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(row.j).not.toContain(secret);
    const listed = await ok(ts.app.url, LIST, { first: 200 }, city.tokens.superuser);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.apiTokens.edges.map((e: any) => e.node.id)).toContain(made.apiToken.id);
  });

  it("refuses bad input with VALIDATION and other roles with FORBIDDEN, and stores nothing", async () => {
    const before = await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM api_token`);
    const refuse = (vars: Record<string, unknown>, by = city.tokens.instansi) =>
      errorCode(ts.app.url, CREATE, { label: "x", scopes: ["CASES_READ"], ...vars }, by);
    expect(await refuse({ role: "ADMIN_INSTANSI", opd: city.opdA.id })).toBe("VALIDATION");
    expect(await refuse({ role: "ADMIN_OPD" })).toBe("VALIDATION");
    expect(await refuse({ role: "SUPERUSER" })).toBe("VALIDATION");
    expect(await refuse({ role: "LIAISON", opd: city.opdA.id, scopes: [] })).toBe("VALIDATION");
    expect(await refuse({ role: "LIAISON", opd: city.opdA.id, days: 366 })).toBe("VALIDATION");
    expect(await refuse({ role: "LIAISON", opd: city.opdA.id, label: " " })).toBe("VALIDATION");
    expect(await refuse({ role: "LIAISON", opd: "3f1c0000-0000-4000-8000-000000000000" })).toBe("NOT_FOUND");
    expect(await refuse({ role: "ADMIN_OPD", opd: city.opdA.id }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await refuse({ role: "ADMIN_OPD", opd: city.opdA.id }, city.tokens.liaisonA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, LIST, {}, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, LIST, {})).toBe("UNAUTHENTICATED");
    expect(await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM api_token`)).toEqual(before);
  });

  it("pages the list with Relay cursors", async () => {
    for (const label of ["Halaman 1", "Halaman 2", "Halaman 3"])
      await create({ label, role: "LIAISON", opd: city.opdB.id, scopes: ["SLA_READ"] });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await ok(ts.app.url, LIST, { first: 2, after }, city.tokens.instansi)).apiTokens;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e: any) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const all = await ts.app.dataSource.query(`SELECT id FROM api_token ORDER BY created_at DESC, id DESC`);
    expect(seen).toEqual(all.map((r: any) => r.id));
    expect(await errorCode(ts.app.url, LIST, { first: 2, after: "bm90LWEtY3Vyc29y" }, city.tokens.instansi)).toBe("VALIDATION");
  });
});

describe("what a token may do", () => {
  it("a read token of one OPD reads that OPD's cases without any complainant identity, and nothing else", async () => {
    const reader = await create({ label: "Dasbor UMKM", role: "ADMIN_OPD", opd: city.opdA.id, scopes: ["CASES_READ"] });
    const staff = await ok(ts.app.url, CASES, {}, city.tokens.adminA);
    expect(JSON.stringify(staff)).toContain("Siti Aminah");
    const seen = await ok(ts.app.url, CASES, {}, reader.token);
    expect(seen.cases.totalCount).toBe(staff.cases.totalCount);
    expect(seen.cases.edges.every((e: any) => e.node.opd.code === "DISKOPUKMP" && e.node.complainant === null)).toBe(true);
    expect((await ok(ts.app.url, `{ apiToken { id role scopes } }`, {}, reader.token)).apiToken).toEqual({
      id: reader.apiToken.id,
      role: "ADMIN_OPD",
      scopes: ["CASES_READ"],
    });

    const other = await ts.app.dataSource.query(`SELECT id FROM complaint_case WHERE opd_id = $1`, [city.opdB.id]);
    expect(await errorCode(ts.app.url, Q.case, { id: other[0].id }, reader.token)).toBe("FORBIDDEN");
    const mine = await ts.app.dataSource.query(`SELECT id, version FROM complaint_case WHERE opd_id = $1 AND stage = 'INITIAL_RESPONSE'`, [
      city.opdA.id,
    ]);
    const before = await snapshot();
    const act = await gql(ts.app.url, Q.acknowledge, { id: mine[0].id, v: mine[0].version, ir: "Diterima", rm: "Bahan" }, reader.token);
    expect(act.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(act.status).toBe(403);
    for (const q of [`{ me { id } }`, `{ displayTokens { edges { node { id } } } }`, `{ opds { id } __schema { queryType { name } } }`]) {
      expect(await errorCode(ts.app.url, q, {}, reader.token)).toBe("FORBIDDEN");
    }
    expect(
      await errorCode(ts.app.url, CREATE, { label: "anak", role: "ADMIN_OPD", opd: city.opdA.id, scopes: ["ACT"] }, reader.token),
    ).toBe("FORBIDDEN");
    expect(await snapshot()).toBe(before);
    expect((await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM api_token WHERE label = 'anak'`))[0].n).toBe(0);
  });

  it("an acting token performs its role's steps, recorded against its service account, and only in its OPD", async () => {
    const actor = await create({ label: "Integrasi LAPOR! Dinkes", role: "ADMIN_OPD", opd: city.opdB.id, scopes: ["ACT", "CASES_READ"] });
    const [b] = await ts.app.dataSource.query(`SELECT id, version FROM complaint_case WHERE opd_id = $1 AND stage = 'INITIAL_RESPONSE'`, [
      city.opdB.id,
    ]);
    const done = (await ok(ts.app.url, Q.acknowledge, { id: b.id, v: b.version, ir: "Diterima", rm: "Bahan" }, actor.token))
      .acknowledgeComplaint;
    expect(done.stage).toBe("ANALYSIS");
    const [event] = await ts.app.dataSource.query(
      `SELECT actor_id, actor_name, actor_role FROM case_event WHERE case_id = $1 ORDER BY id DESC LIMIT 1`,
      [b.id],
    );
    expect(event).toEqual({ actor_id: actor.apiToken.id, actor_name: "Integrasi LAPOR! Dinkes (API)", actor_role: "ADMIN_OPD" });

    const [a] = await ts.app.dataSource.query(`SELECT id, version FROM complaint_case WHERE opd_id = $1 AND stage = 'INITIAL_RESPONSE'`, [
      city.opdA.id,
    ]);
    const before = await snapshot();
    expect(await errorCode(ts.app.url, Q.acknowledge, { id: a.id, v: a.version, ir: "Diterima", rm: "Bahan" }, actor.token)).toBe(
      "FORBIDDEN",
    );
    expect(await snapshot()).toBe(before);
    expect(
      await errorCode(ts.app.url, `mutation { login(username: "api:${actor.apiToken.id}", password: "!service-account") { token } }`),
    ).toBe("UNAUTHENTICATED");
  });

  it("plain-HTTP routes follow the scopes too: an export needs CASES_READ and never carries the complainant", async () => {
    const sla = await create({ role: "ADMIN_INSTANSI", scopes: ["SLA_READ"] });
    const reader = await create({ role: "ADMIN_INSTANSI", scopes: ["CASES_READ"] });
    const get = (token: string) =>
      fetch(ts.app.url.replace("/graphql", "/exports/cases.csv"), { headers: { authorization: `Bearer ${token}` } });
    const refused = await get(sla.token);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    const csv = await (await get(reader.token)).text();
    expect(csv).toContain("Antrian puskesmas");
    expect(csv).not.toMatch(/Siti Aminah|0812-0000-1111/);
  });
});

describe("use log, revocation, expiry", () => {
  it("logs every operation of a token, allowed or refused, with its name, and pages the log", async () => {
    const made = await create({ role: "LIAISON", opd: city.opdA.id, scopes: ["CASES_READ"] });
    await ok(ts.app.url, CASES, {}, made.token);
    await gql(ts.app.url, `query Sneaky { me { id } }`, {}, made.token);
    await ok(ts.app.url, `{ opds { id } }`, {}, made.token);
    const uses = (await ok(ts.app.url, USES, { id: made.apiToken.id, first: 2 }, city.tokens.instansi)).apiTokenUses;
    expect(uses.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ operationType: "query", operationName: null, rootFields: ["opds"], allowed: true }),
      expect.objectContaining({ operationType: "query", operationName: "Sneaky", rootFields: ["me"], allowed: false }),
    ]);
    expect(uses.pageInfo.hasNextPage).toBe(true);
    const rest = (await ok(ts.app.url, USES, { id: made.apiToken.id, first: 2, after: uses.pageInfo.endCursor }, city.tokens.instansi))
      .apiTokenUses;
    expect(rest.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ operationType: "query", operationName: "Dashboard", rootFields: ["cases"], allowed: true }),
    ]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const listed = (await ok(ts.app.url, LIST, { first: 200 }, city.tokens.instansi)).apiTokens.edges.find(
      (e: any) => e.node.id === made.apiToken.id,
    );
    expect(listed.node.lastUsedAt).not.toBeNull();
  });

  it("revocation refuses the token at once and closes its open subscriptions within a second, and only its own", async () => {
    const doomed = await create({ role: "ADMIN_INSTANSI", scopes: ["SLA_READ"] });
    const spared = await create({ role: "ADMIN_INSTANSI", scopes: ["SLA_READ"] });
    const [a, b] = await Promise.all([doomed.token, spared.token].map((t) => openSubscription(ts.app.wsUrl, ALERTS, t)));
    await ok(ts.app.url, REVOKE, { id: doomed.apiToken.id }, city.tokens.instansi);
    const revokedAt = Date.now();
    expect(await a.closed).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect(await Promise.race([b.closed, new Promise((r) => setTimeout(() => r("open"), 500))])).toBe("open");

    const r = await gql(ts.app.url, `{ apiToken { id } }`, {}, doomed.token);
    expect(r.errors?.[0]).toMatchObject({ message: "API token revoked", extensions: { code: "UNAUTHENTICATED" } });
    expect(r.status).toBe(401);
    const again = await subscribe(ts.app.wsUrl, ALERTS, doomed.token);
    await again.waitFor(() => again.errors.length > 0);
    expect((again.errors[0] as { code?: number }).code).toBe(4403);
    await again.close();
  });

  it("an expired, forged or malformed token is UNAUTHENTICATED", async () => {
    const made = await create({ role: "ADMIN_INSTANSI", scopes: ["CASES_READ"], days: 1 });
    expect((await ok(ts.app.url, `{ apiToken { id } }`, {}, made.token)).apiToken.id).toBe(made.apiToken.id);
    const forged = made.token.slice(0, -4) + (made.token.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const token of [forged, "desk_nope", `desk_${"0".repeat(32)}_${"A".repeat(43)}`]) {
      expect(await errorCode(ts.app.url, `{ apiToken { id } }`, {}, token)).toBe("UNAUTHENTICATED");
    }
    ts.clock.advanceHours(24);
    expect(await errorCode(ts.app.url, `{ apiToken { id } }`, {}, made.token)).toBe("UNAUTHENTICATED");
  });
});

describe("introspection in production", () => {
  it("is open only to an API token with SCHEMA_READ", async () => {
    const prod = await startTestServer({ env: { NODE_ENV: "production" } });
    try {
      const people = await setupCity(prod);
      const make = async (scopes: string[]) =>
        (await ok(prod.app.url, CREATE, { label: "Klien", role: "ADMIN_INSTANSI", scopes }, people.tokens.instansi)).createApiToken
          .token as string;
      const INTROSPECT = `{ __schema { queryType { name } } }`;
      expect(await errorCode(prod.app.url, INTROSPECT)).toBe("FORBIDDEN");
      expect(await errorCode(prod.app.url, INTROSPECT, {}, people.tokens.superuser)).toBe("FORBIDDEN");
      expect(await errorCode(prod.app.url, `{ __type(name: "Case") { name } }`, {}, await make(["CASES_READ"]))).toBe("FORBIDDEN");
      expect((await ok(prod.app.url, INTROSPECT, {}, await make(["SCHEMA_READ"]))).__schema.queryType.name).toBe("Query");
      const overWs = await subscribe(prod.app.wsUrl, INTROSPECT);
      await overWs.waitFor(() => overWs.errors.length > 0);
      expect(overWs.errors[0]).toMatchObject({ extensions: { code: "FORBIDDEN" } });
      expect(overWs.events).toEqual([]);
      await overWs.close();
    } finally {
      await prod.stop();
    }
  });
});
