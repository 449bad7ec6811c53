import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordChange, redact, REDACTED, SYSTEM_ACTOR } from "../../server/src/trail/admin-trail.js";
import { errorCode, gql, ok } from "../support/client.js";
import { parseCsv } from "../support/csv.js";
import { setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts?.stop());

describe("the administration trail", () => {
  it("keeps no password, hash or secret, at any depth", () => {
    expect(
      redact({
        username: "siti",
        passwordHash: "x",
        nested: { secret: "s", apiToken: "t", label: "ok" },
        list: [{ password: "p" }],
        mustChangePassword: true,
      }),
    ).toEqual({
      username: "siti",
      passwordHash: REDACTED,
      nested: { secret: REDACTED, apiToken: REDACTED, label: "ok" },
      list: [{ password: REDACTED }],
      mustChangePassword: true,
    });
  });

  it("is append-only: a row can be added, never changed, deleted or truncated", async () => {
    const ds = ts.app.dataSource;
    await ds.transaction((m) =>
      recordChange(m, {
        actor: SYSTEM_ACTOR,
        at: ts.clock.now(),
        action: "OPD_CREATED",
        subjectType: "OPD",
        subjectId: "probe",
        summary: "probe",
        after: { code: "PROBE", password: "never" },
      }),
    );
    const [row] = await ds.query(`SELECT actor_name, after FROM admin_change WHERE subject_id = 'probe'`);
    expect(row).toEqual({ actor_name: "system", after: { code: "PROBE", password: REDACTED } });
    await expect(ds.query(`UPDATE admin_change SET summary = 'x' WHERE subject_id = 'probe'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM admin_change WHERE subject_id = 'probe'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE admin_change`)).rejects.toThrow(/append-only/);
    expect((await ds.query(`SELECT count(*)::int AS n FROM admin_change WHERE subject_id = 'probe'`))[0].n).toBe(1);
  });
});

const TRAIL = `query($filter: AdminTrailFilter, $first: Int!, $after: String) {
  adminTrail(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id at action subjectType subjectId summary actor { userId username displayName role } changes { field before after } before after } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const byField = <T extends { field: string }>(changes: T[]) => [...changes].sort((a, b) => a.field.localeCompare(b.field));

interface Entry {
  id: string;
  at: string;
  action: string;
  subjectType: string;
  subjectId: string;
  summary: string;
  actor: { userId: string | null; username: string; displayName: string | null; role: string | null };
  changes: { field: string; before: string | null; after: string | null }[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe("the administration trail through the API", () => {
  let city: City;
  let apiToken: { id: string; token: string };
  let displayId: string;
  let dishub: string;

  const list = async (filter: Record<string, unknown> | null, token = city.tokens.superuser, first = 50): Promise<Entry[]> =>
    (await ok(ts.app.url, TRAIL, { filter, first }, token)).adminTrail.edges.map((e: { node: Entry }) => e.node);

  beforeAll(async () => {
    city = await setupCity(ts);
    const url = ts.app.url;
    dishub = (
      await ok(
        url,
        `mutation { createOpd(code: "DISHUB", name: "Dinas Perhubungan", contactPhone: "0541 741234") { id } }`,
        {},
        city.tokens.superuser,
      )
    ).createOpd.id;
    await ok(url, `mutation($id: ID!) { setOpdActive(opdId: $id, active: false) { id } }`, { id: dishub }, city.tokens.superuser);
    const made = (
      await ok(
        url,
        `mutation { createApiToken(label: "Dasbor Diskominfo", role: ADMIN_INSTANSI, scopes: [CASES_READ]) { token apiToken { id } } }`,
        {},
        city.tokens.instansi,
      )
    ).createApiToken;
    apiToken = { id: made.apiToken.id, token: made.token };
    await ok(url, `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: apiToken.id }, city.tokens.instansi);
    displayId = (
      await ok(
        url,
        `mutation($o: ID) { createDisplayToken(label: "Lobi Diskop", opdId: $o) { displayToken { id } } }`,
        { o: city.opdA.id },
        city.tokens.adminA,
      )
    ).createDisplayToken.displayToken.id;
    await ok(url, `mutation($id: ID!) { revokeDisplayToken(id: $id) { id } }`, { id: displayId }, city.tokens.adminA);
    // Revoking again changes nothing and writes nothing.
    await ok(url, `mutation($id: ID!) { revokeDisplayToken(id: $id) { id } }`, { id: displayId }, city.tokens.adminA);
  });

  it("lists every change newest first, with the actor, the summary and each field before and after", async () => {
    const entries = await list(null);
    expect(entries.slice(0, 6).map((e) => [e.action, e.subjectType, e.actor.username])).toEqual([
      ["DISPLAY_TOKEN_REVOKED", "DISPLAY_TOKEN", "admina"],
      ["DISPLAY_TOKEN_CREATED", "DISPLAY_TOKEN", "admina"],
      ["API_TOKEN_REVOKED", "API_TOKEN", "instansi"],
      ["API_TOKEN_CREATED", "API_TOKEN", "instansi"],
      ["OPD_DEACTIVATED", "OPD", "superuser"],
      ["OPD_CREATED", "OPD", "superuser"],
    ]);
    const sorted = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || Number(b.id) - Number(a.id));
    expect(entries.map((e) => e.id)).toEqual(sorted.map((e) => e.id));

    const [, shown, revoked, created, deactivated, opd] = entries;
    expect(shown).toMatchObject({ subjectId: displayId, summary: "Lobi Diskop (DISKOPUKMP)" });
    expect(shown.actor).toEqual({ userId: expect.any(String), username: "admina", displayName: "User adminA", role: "ADMIN_OPD" });
    // Stored as jsonb, the fields come in the database's key order: compared by name here.
    expect(byField(shown.changes).map((c) => [c.field, c.before])).toEqual([
      ["expiresAt", null],
      ["label", null],
      ["opd", null],
    ]);
    expect(created).toMatchObject({ subjectId: apiToken.id, summary: "Dasbor Diskominfo (seluruh kota)" });
    expect(byField(created.changes)).toEqual([
      { field: "expiresAt", before: null, after: expect.stringMatching(/^2027-02-21T/) },
      { field: "label", before: null, after: "Dasbor Diskominfo" },
      { field: "role", before: null, after: "ADMIN_INSTANSI" },
      { field: "scopes", before: null, after: "CASES_READ" },
    ]);
    expect(revoked.changes).toEqual([{ field: "revokedAt", before: null, after: expect.stringMatching(/^2026-11-23T/) }]);
    expect(deactivated).toMatchObject({ summary: "DISHUB — Dinas Perhubungan", before: { active: true }, after: { active: false } });
    expect(deactivated.changes).toEqual([{ field: "active", before: "true", after: "false" }]);
    expect(opd.changes).toContainEqual({ field: "contactPhone", before: null, after: "0541 741234" });
    // The token's secret is in no entry, in no form.
    const secret = apiToken.token.split("_").at(-1)!;
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect(JSON.stringify(await ts.app.dataSource.query(`SELECT * FROM admin_change`))).not.toContain(secret);
  });

  it("pages with cursors, without repeats or gaps", async () => {
    const all = await list(null);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { edges: { cursor: string; node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (
        await ok(ts.app.url, TRAIL, { filter: null, first: 2, after }, city.tokens.superuser)
      ).adminTrail;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.id));
    expect(await errorCode(ts.app.url, TRAIL, { first: 2, after: "bm9wZQ" }, city.tokens.superuser)).toBe("VALIDATION");
    expect(await errorCode(ts.app.url, TRAIL, { first: 0 }, city.tokens.superuser)).toBe("VALIDATION");
  });

  it("filters by subject type, subject, actor, action and period", async () => {
    const actions = async (filter: Record<string, unknown>) => (await list(filter)).map((e) => e.action);
    expect(await actions({ subjectType: "OPD", actor: "superuser" })).toEqual(["OPD_DEACTIVATED", "OPD_CREATED"]);
    expect(await actions({ subjectType: "OPD", actor: "system" })).toEqual(["OPD_CREATED"]);
    expect(await actions({ subjectType: "API_TOKEN", subjectId: apiToken.id })).toEqual(["API_TOKEN_REVOKED", "API_TOKEN_CREATED"]);
    expect(await actions({ subjectId: dishub })).toEqual(["OPD_DEACTIVATED", "OPD_CREATED"]);
    expect(await actions({ actor: "AdminA" })).toEqual(["DISPLAY_TOKEN_REVOKED", "DISPLAY_TOKEN_CREATED"]);
    expect(await actions({ action: "api_token_created" })).toEqual(["API_TOKEN_CREATED"]);
    expect(await actions({ actor: "instansi", action: "OPD_CREATED" })).toEqual([]);
    const entries = await list(null);
    const middle = entries.find((e) => e.action === "API_TOKEN_CREATED")!;
    const from = middle.at;
    const later = await actions({ from });
    expect(later).toContain("API_TOKEN_CREATED");
    expect(later).not.toContain("OPD_CREATED");
    expect(await actions({ to: from })).not.toContain("API_TOKEN_CREATED");
    expect(await actions({ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" })).toEqual([]);
  });

  it("refuses bad filters with VALIDATION naming the filter", async () => {
    const field = async (filter: Record<string, unknown>) => {
      const r = await gql(ts.app.url, TRAIL, { filter, first: 10 }, city.tokens.superuser);
      return [r.errors?.[0]?.extensions?.code, r.errors?.[0]?.extensions?.field];
    };
    expect(await field({ action: "opd updated" })).toEqual(["VALIDATION", "action"]);
    expect(await field({ from: "2026-12-01T00:00:00Z", to: "2026-11-01T00:00:00Z" })).toEqual(["VALIDATION", "to"]);
    expect(await field({ actor: "x".repeat(65) })).toEqual(["VALIDATION", "actor"]);
  });

  it("is read by the superuser and the Admin Instansi only, never by an API token", async () => {
    expect((await list(null, city.tokens.instansi)).length).toBeGreaterThan(0);
    for (const who of ["adminA", "liaisonA", "officerA", "adminB"] as const) {
      expect(await errorCode(ts.app.url, TRAIL, { first: 5 }, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, TRAIL, { first: 5 })).toBe("UNAUTHENTICATED");
    const cityToken = (
      await ok(
        ts.app.url,
        `mutation { createApiToken(label: "Pembaca", role: ADMIN_INSTANSI, scopes: [CASES_READ, ACT]) { token } }`,
        {},
        city.tokens.instansi,
      )
    ).createApiToken.token;
    expect(await errorCode(ts.app.url, TRAIL, { first: 5 }, cityToken)).toBe("FORBIDDEN");
    const res = await fetch(new URL("/exports/admin-trail.csv", ts.app.url), { headers: { authorization: `Bearer ${cityToken}` } });
    expect(res.status).toBe(403);
  });

  it("shows a redacted secret as its placeholder through the API", async () => {
    await ts.app.dataSource.transaction((m) =>
      recordChange(m, {
        actor: SYSTEM_ACTOR,
        at: ts.clock.now(),
        action: "USER_PASSWORD_RESET",
        subjectType: "USER",
        subjectId: "siti-probe",
        summary: "siti (Admin OPD, DISKOPUKMP)",
        before: { mustChange: false },
        after: { mustChange: true, oneTimePassword: "Kuda-Lari-42", passwordHash: "$argon2id$v=19$rahasia" },
      }),
    );
    const [entry] = await list({ subjectId: "siti-probe" });
    expect(entry.actor).toEqual({ userId: null, username: "system", displayName: null, role: null });
    expect(byField(entry.changes)).toEqual([
      { field: "mustChange", before: "false", after: "true" },
      { field: "oneTimePassword", before: null, after: REDACTED },
      { field: "passwordHash", before: null, after: REDACTED },
    ]);
    expect(JSON.stringify(entry)).not.toMatch(/Kuda-Lari|argon2/);
    const csv = await (
      await fetch(new URL("/exports/admin-trail.csv?subjectId=siti-probe", ts.app.url), {
        headers: { authorization: `Bearer ${city.tokens.instansi}` },
      })
    ).text();
    expect(csv).toContain(REDACTED);
    expect(csv).not.toMatch(/Kuda-Lari|argon2/);
  });

  it("exports as CSV and JSON with the page's filters, oldest first, for the same readers", async () => {
    const get = (path: string, token?: string) =>
      fetch(new URL(path, ts.app.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const res = await get("/exports/admin-trail.csv?subjectType=OPD&actor=superuser", city.tokens.superuser);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="jejak-admin-\d{12}\.csv"$/);
    expect(res.headers.get("x-export-total")).toBe("2");
    const text = Buffer.from(await res.arrayBuffer()).toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      "Waktu (WITA)",
      "Nama pengguna",
      "Nama pelaku",
      "Tindakan",
      "Jenis",
      "ID subjek",
      "Ringkasan",
      "Perubahan",
      "Sebelum (JSON)",
      "Sesudah (JSON)",
      "Nomor",
    ]);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5], r[6]])).toEqual([
      ["superuser", "User superuser", "OPD_CREATED", "OPD", dishub, "DISHUB — Dinas Perhubungan"],
      ["superuser", "User superuser", "OPD_DEACTIVATED", "OPD", dishub, "DISHUB — Dinas Perhubungan"],
    ]);
    expect(rows[1][0]).toMatch(/^2026-11-23 \d\d:\d\d$/);
    expect(rows[2][7]).toBe("active: true → false");
    expect(JSON.parse(rows[2][9])).toEqual({ active: false });

    const json = await get(`/exports/admin-trail.json?actor=instansi&action=API_TOKEN_REVOKED`, city.tokens.instansi);
    expect(json.status).toBe(200);
    const doc = await json.json();
    expect(doc).toMatchObject({
      format: "sop-desk-admin-trail",
      version: 1,
      total: 1,
      filter: { actor: "instansi", action: "API_TOKEN_REVOKED" },
    });
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({
      action: "API_TOKEN_REVOKED",
      subjectId: apiToken.id,
      changes: [{ field: "revokedAt", before: null }],
    });

    const everything = parseCsv(await (await get("/exports/admin-trail.csv", city.tokens.superuser)).text()).slice(1);
    expect(everything.map((r) => r[10])).toEqual((await list(null, city.tokens.superuser, 200)).map((e) => e.id).reverse());

    expect((await get("/exports/admin-trail.csv", city.tokens.adminA)).status).toBe(403);
    expect((await get("/exports/admin-trail.csv")).status).toBe(401);
    const bad = await get("/exports/admin-trail.csv?from=kemarin", city.tokens.superuser);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("VALIDATION");
    expect((await get("/exports/admin-trail.xlsx", city.tokens.superuser)).status).toBe(400);
    expect((await get("/exports/admin-trail.csv?subjectType=KUCING", city.tokens.superuser)).status).toBe(400);
  });
});
