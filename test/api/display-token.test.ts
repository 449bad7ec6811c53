import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedTokenSecret } from "../../server/src/db/settings.js";
import { caseAtInitialResponse } from "../support/cases.js";
import { errorCode, gql, ok, openSubscription, subscribe } from "../support/client.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let caseA: { id: string; version: number };
let caseB: { id: string; version: number };

const FIELDS = `id label opd { id code } createdAt expiresAt revokedAt`;
const CREATE = `mutation($label: String!, $opd: ID, $days: Int) {
  createDisplayToken(label: $label, opdId: $opd, days: $days) { token displayToken { ${FIELDS} } } }`;
const REVOKE = `mutation($id: ID!) { revokeDisplayToken(id: $id) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String) { displayTokens(first: $first, after: $after) { edges { node { ${FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
const listed = async (token: string): Promise<string[]> =>
  (await ok(ts.app.url, LIST, {}, token)).displayTokens.edges.map((e: { node: { id: string } }) => e.node.id);
const DISPLAY = `{ display { ${FIELDS} } }`;
const COUNTDOWN = `subscription { slaCountdown { kind items { caseId trackingNumber title opdId stage warnAt dueAt state remainingSeconds running toggles } } }`;
const ALERTS = `subscription { slaAlerts { kind caseId opdId trackingNumber title } }`;
const DAY_MS = 86_400_000;

type Made = {
  token: string;
  displayToken: {
    id: string;
    label: string;
    opd: { id: string; code: string } | null;
    createdAt: string;
    expiresAt: string;
    revokedAt: string | null;
  };
};

async function create(token: string, label: string, opd?: string | null, days?: number): Promise<Made> {
  return (await ok(ts.app.url, CREATE, { label, opd, days }, token)).createDisplayToken;
}

const stored = async () => JSON.stringify(await ts.app.dataSource.query(`SELECT * FROM display_token ORDER BY id`));
const cases = async () =>
  JSON.stringify(await ts.app.dataSource.query(`SELECT id, version, stage, opd_id FROM complaint_case ORDER BY id`)) +
  JSON.stringify(await ts.app.dataSource.query(`SELECT count(*) FROM case_event`));

async function refusedOnConnect(token: string): Promise<void> {
  const sub = await subscribe(ts.app.wsUrl, COUNTDOWN, token);
  await sub.waitFor(() => sub.errors.length > 0);
  expect(sub.events).toEqual([]);
  expect((sub.errors[0] as { code?: number }).code).toBe(4403);
  await sub.close();
}

async function snapshotOf(token: string): Promise<{ caseId: string; opdId: string | null }[]> {
  const sub = await subscribe<any>(ts.app.wsUrl, COUNTDOWN, token);
  await sub.waitFor((ev) => ev.length >= 1 || sub.errors.length > 0);
  await sub.close();
  expect(sub.errors).toEqual([]);
  expect(sub.events[0].slaCountdown.kind).toBe("SNAPSHOT");
  expect(JSON.stringify(sub.events)).not.toMatch(/Siti Aminah|0812-0000-1111/);
  return sub.events[0].slaCountdown.items;
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  caseA = await caseAtInitialResponse(ts.app.url, city);
  const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi);
  const c = r.recordComplaint.case;
  caseB = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).forwardToOpd;
});
afterAll(() => ts?.stop());

describe("making display tokens", () => {
  it("Admin Instansi and superuser make them city-wide or for any OPD; an Admin OPD for its own OPD only", async () => {
    const city1 = await create(city.tokens.instansi, "  Lobi Balai Kota  ");
    expect(city1.displayToken).toMatchObject({ label: "Lobi Balai Kota", opd: null, revokedAt: null });
    const { createdAt, expiresAt } = city1.displayToken;
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBeGreaterThan(30 * DAY_MS - 1000);
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBeLessThanOrEqual(30 * DAY_MS);
    expect(Math.abs(Date.parse(createdAt) - ts.clock.now().getTime())).toBeLessThan(5_000);

    const forB = await create(city.tokens.superuser, "Ruang tunggu Dinkes", city.opdB.id, 7);
    expect(forB.displayToken.opd).toEqual({ id: city.opdB.id, code: "DINKES" });
    expect(Date.parse(forB.displayToken.expiresAt) - Date.parse(forB.displayToken.createdAt)).toBeGreaterThan(7 * DAY_MS - 1000);

    const ownImplicit = await create(city.tokens.adminA, "TV Bidang UMKM");
    const ownExplicit = await create(city.tokens.adminA, "TV Sekretariat", city.opdA.id, 365);
    expect(ownImplicit.displayToken.opd?.id).toBe(city.opdA.id);
    expect(ownExplicit.displayToken.opd?.id).toBe(city.opdA.id);

    const before = await stored();
    expect(await errorCode(ts.app.url, CREATE, { label: "Bukan milik saya", opd: city.opdB.id }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await stored()).toBe(before);

    const all = await listed(city.tokens.instansi);
    expect(all.slice(0, 4)).toEqual([ownExplicit, ownImplicit, forB, city1].map((m) => m.displayToken.id));
    expect(await listed(city.tokens.adminA)).toEqual([ownExplicit.displayToken.id, ownImplicit.displayToken.id]);
    expect(await listed(city.tokens.adminB)).toEqual([forB.displayToken.id]);
    const first = (await ok(ts.app.url, LIST, { first: 3 }, city.tokens.instansi)).displayTokens;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await ok(ts.app.url, LIST, { first: 200, after: first.pageInfo.endCursor }, city.tokens.instansi)).displayTokens;
    expect([...first.edges, ...rest.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(all);
  });

  it("other roles are FORBIDDEN, the anonymous UNAUTHENTICATED, bad input VALIDATION, and nothing is stored", async () => {
    const before = await stored();
    const refusals: [string, Record<string, unknown>, string | undefined][] = [
      ["FORBIDDEN", { label: "TV" }, city.tokens.liaisonA],
      ["FORBIDDEN", { label: "TV" }, city.tokens.officerA],
      ["FORBIDDEN", { label: "TV", opd: city.opdB.id }, city.tokens.liaisonB],
      ["UNAUTHENTICATED", { label: "TV" }, undefined],
      ["VALIDATION", { label: "TV", days: 0 }, city.tokens.instansi],
      ["VALIDATION", { label: "TV", days: 366 }, city.tokens.instansi],
      ["VALIDATION", { label: "TV", days: -5 }, city.tokens.adminA],
      ["VALIDATION", { label: "   " }, city.tokens.instansi],
      ["VALIDATION", { label: "x".repeat(81) }, city.tokens.instansi],
      ["VALIDATION", { label: "TV", opd: "not-an-id" }, city.tokens.instansi],
      ["NOT_FOUND", { label: "TV", opd: "00000000-0000-4000-8000-000000000000" }, city.tokens.instansi],
    ];
    for (const [code, vars, token] of refusals) expect([code, await errorCode(ts.app.url, CREATE, vars, token)]).toEqual([code, code]);
    expect(await stored()).toBe(before);
    expect((await create(city.tokens.instansi, "x".repeat(80), null, 365)).displayToken.label).toHaveLength(80);

    expect(await errorCode(ts.app.url, LIST, {}, city.tokens.liaisonA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, LIST, {})).toBe("UNAUTHENTICATED");
  });

  it("revoking follows the same rules: an Admin OPD only its own OPD's tokens", async () => {
    const ofA = await create(city.tokens.adminA, "TV A");
    const cityWide = await create(city.tokens.instansi, "TV kota");
    const before = await stored();
    expect(await errorCode(ts.app.url, REVOKE, { id: ofA.displayToken.id }, city.tokens.adminB)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, REVOKE, { id: cityWide.displayToken.id }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, REVOKE, { id: ofA.displayToken.id }, city.tokens.liaisonA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, REVOKE, { id: ofA.displayToken.id })).toBe("UNAUTHENTICATED");
    expect(await errorCode(ts.app.url, REVOKE, { id: "00000000-0000-4000-8000-000000000000" }, city.tokens.instansi)).toBe("NOT_FOUND");
    expect(await errorCode(ts.app.url, REVOKE, { id: "nope" }, city.tokens.instansi)).toBe("VALIDATION");
    expect(await stored()).toBe(before);

    const revoked = (await ok(ts.app.url, REVOKE, { id: ofA.displayToken.id }, city.tokens.adminA)).revokeDisplayToken;
    expect(revoked.revokedAt).not.toBeNull();
    const again = (await ok(ts.app.url, REVOKE, { id: ofA.displayToken.id }, city.tokens.superuser)).revokeDisplayToken;
    expect(again.revokedAt).toBe(revoked.revokedAt);
    expect(
      (await ok(ts.app.url, REVOKE, { id: cityWide.displayToken.id }, city.tokens.instansi)).revokeDisplayToken.revokedAt,
    ).not.toBeNull();
  });
});

describe("what a display token may do", () => {
  it("opens slaCountdown over graphql-ws with a SNAPSHOT of its own scope only", async () => {
    const ofA = await create(city.tokens.adminA, "TV A");
    const ofB = await create(city.tokens.adminB, "TV B");
    const cityWide = await create(city.tokens.instansi, "TV kota");

    const a = await snapshotOf(ofA.token);
    expect(a.map((i) => i.caseId)).toContain(caseA.id);
    expect(a.every((i) => i.opdId === city.opdA.id)).toBe(true);
    const b = await snapshotOf(ofB.token);
    expect(b.map((i) => i.caseId)).toEqual([caseB.id]);
    const all = await snapshotOf(cityWide.token);
    expect(all.map((i) => i.caseId)).toEqual(expect.arrayContaining([caseA.id, caseB.id]));
  });

  it("reads its own token, the OPDs, the SOP and the calendar", async () => {
    const ofA = await create(city.tokens.adminA, "TV A");
    const r = await ok(
      ts.app.url,
      `{ display { id label opd { code } } opds { code } sop { version } calendar { timeZone } }`,
      {},
      ofA.token,
    );
    expect(r.display).toEqual({ id: ofA.displayToken.id, label: "TV A", opd: { code: "DISKOPUKMP" } });
    expect(r.opds.map((o: { code: string }) => o.code).sort()).toEqual(["DINKES", "DISKOPUKMP"]);
    expect(r.calendar.timeZone).toBe("Asia/Makassar");
    const cityWide = await create(city.tokens.instansi, "TV kota");
    expect((await ok(ts.app.url, DISPLAY, {}, cityWide.token)).display).toMatchObject({ label: "TV kota", opd: null });
  });

  it("everything else is FORBIDDEN, over HTTP and graphql-ws, and changes nothing", async () => {
    const { token } = await create(city.tokens.instansi, "TV kota");
    const before = [await cases(), await stored()];
    const refused = [
      `{ board { generatedAt } }`,
      `{ cases { totalCount } }`,
      `query($id: ID!) { case(id: $id) { id } }`,
      `{ me { id } }`,
      `{ displayTokens { edges { node { id } } } }`,
      `{ display { id } board { generatedAt } }`,
      `query { ...Sneaky } fragment Sneaky on Query { cases { totalCount } }`,
      `query { ... on Query { board { generatedAt } } }`,
      Q.forward,
      `mutation { createDisplayToken(label: "Salinan") { token } }`,
      `mutation($id: ID!) { revokeDisplayToken(id: $id) { id } }`,
      `mutation { addDayOff(input: { date: "2026-12-29", name: "Cuti", reason: "uji" }) { date } }`,
    ];
    const vars = { id: caseA.id, v: caseA.version, opd: city.opdB.id };
    for (const query of refused) {
      const r = await gql(ts.app.url, query, vars, token);
      expect([query, r.errors?.[0]?.extensions?.code, r.status]).toEqual([query, "FORBIDDEN", 403]);
      expect(r.data ?? null).toBeNull();
    }
    for (const query of [Q.changes, `{ cases { totalCount } }`, Q.forward]) {
      const sub = await subscribe(ts.app.wsUrl, query, token, vars);
      await sub.waitFor(() => sub.errors.length > 0);
      expect([query, sub.events, sub.errors[0]]).toMatchObject([query, [], { extensions: { code: "FORBIDDEN" } }]);
      await sub.close();
    }
    expect([await cases(), await stored()]).toEqual(before);
  });

  it("slaAlerts reach the display of the case's OPD and the city's, not another OPD's", async () => {
    const [ofA, ofB, cityWide] = await Promise.all([
      create(city.tokens.adminA, "TV A"),
      create(city.tokens.adminB, "TV B"),
      create(city.tokens.instansi, "TV kota"),
    ]);
    const fresh = await caseAtInitialResponse(ts.app.url, city);
    const subs = await Promise.all([ofA, ofB, cityWide].map((m) => subscribe<any>(ts.app.wsUrl, ALERTS, m.token)));
    try {
      await advanceHours(ts, city, 1.6);
      await ts.app.services.sweeper.sweepOnce();
      const [a, b, all] = subs;
      await a.waitFor((ev) => ev.some((e) => e.slaAlerts.caseId === fresh.id));
      await all.waitFor((ev) => ev.some((e) => e.slaAlerts.caseId === fresh.id));
      expect(a.events.find((e) => e.slaAlerts.caseId === fresh.id).slaAlerts).toMatchObject({ kind: "WARNING", opdId: city.opdA.id });
      expect(b.events.filter((e) => e.slaAlerts.opdId !== city.opdB.id)).toEqual([]);
      expect([...a.errors, ...b.errors, ...all.errors]).toEqual([]);
    } finally {
      await Promise.all(subs.map((s) => s.close()));
    }
  });
});

describe("which tokens are accepted", () => {
  it("a staff token gets FORBIDDEN from `display`, and none UNAUTHENTICATED", async () => {
    expect(await errorCode(ts.app.url, DISPLAY, {}, city.tokens.instansi)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, DISPLAY, {}, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, DISPLAY, {})).toBe("UNAUTHENTICATED");
  });

  it("a display token is never taken for a staff token, nor a staff token for a display token", async () => {
    const made = await create(city.tokens.instansi, "TV kota");
    const userId = (await ok(ts.app.url, `{ me { id } }`, {}, city.tokens.instansi)).me.id;
    const key = new TextEncoder().encode(await generatedTokenSecret(ts.app.dataSource));
    const sign = (claims: Record<string, string>, sub: string, aud: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(sub)
        .setIssuer("sop-complaint-desk")
        .setAudience(aud)
        .setExpirationTime(Math.floor(ts.clock.now().getTime() / 1000) + 3600)
        .sign(key);
    expect(await errorCode(ts.app.url, `{ me { id } }`, {}, made.token)).toBe("FORBIDDEN");
    const crossed = [
      await sign({ kind: "display" }, userId, "desk-api"),
      await sign({}, made.displayToken.id, "desk-display"),
      await sign({ kind: "staff" }, made.displayToken.id, "desk-display"),
      await sign({ kind: "display" }, userId, "desk-display"),
      await sign({}, made.displayToken.id, "desk-api"),
    ];
    for (const token of crossed) {
      expect(await errorCode(ts.app.url, `{ me { id } }`, {}, token)).toBe("UNAUTHENTICATED");
      expect(await errorCode(ts.app.url, DISPLAY, {}, token)).toBe("UNAUTHENTICATED");
    }
    const sid = (await ok(ts.app.url, `{ mySessions { id current } }`, {}, city.tokens.instansi)).mySessions.find(
      (x: { current: boolean }) => x.current,
    ).id;
    expect(await errorCode(ts.app.url, `{ me { id } }`, {}, await sign({}, userId, "desk-api"))).toBe("UNAUTHENTICATED");
    expect((await ok(ts.app.url, `{ me { id } }`, {}, await sign({ sid }, userId, "desk-api"))).me.id).toBe(userId);
    expect((await ok(ts.app.url, DISPLAY, {}, await sign({ kind: "display" }, made.displayToken.id, "desk-display"))).display.id).toBe(
      made.displayToken.id,
    );
  });

  it("a revoked token is UNAUTHENTICATED over HTTP and on a new graphql-ws connection", async () => {
    const made = await create(city.tokens.adminA, "TV A");
    expect((await ok(ts.app.url, DISPLAY, {}, made.token)).display.id).toBe(made.displayToken.id);
    expect(await snapshotOf(made.token)).not.toEqual([]);
    await ok(ts.app.url, REVOKE, { id: made.displayToken.id }, city.tokens.adminA);
    const r = await gql(ts.app.url, DISPLAY, {}, made.token);
    expect(r.errors?.[0]).toMatchObject({ message: "Display token revoked", extensions: { code: "UNAUTHENTICATED" } });
    expect(r.status).toBe(401);
    await refusedOnConnect(made.token);
  });

  it("revoking closes the screens already connected with the token (code 4403), and only those", async () => {
    const doomed = await create(city.tokens.adminA, "TV lama");
    const spared = await create(city.tokens.adminA, "TV baru");
    const [a, b] = await Promise.all([doomed.token, spared.token].map((t) => openSubscription(ts.app.wsUrl, COUNTDOWN, t)));
    await ok(ts.app.url, REVOKE, { id: doomed.displayToken.id }, city.tokens.adminA);
    expect(await a.closed).toBe(4403);
    const still = await Promise.race([b.closed, new Promise((r) => setTimeout(() => r("open"), 500))]);
    expect(still).toBe("open");
  });

  it("an expired token is UNAUTHENTICATED, whether the row or the JWT says so", async () => {
    const shortened = await create(city.tokens.instansi, "TV kota");
    await ts.app.dataSource.query(`UPDATE display_token SET created_at = $2, expires_at = $3 WHERE id = $1`, [
      shortened.displayToken.id,
      new Date(ts.clock.now().getTime() - 3_600_000),
      new Date(ts.clock.now().getTime() - 1_000),
    ]);
    expect(await errorCode(ts.app.url, DISPLAY, {}, shortened.token)).toBe("UNAUTHENTICATED");

    const made = await create(city.tokens.adminB, "TV B", null, 1);
    await advanceHours(ts, city, 23);
    expect((await ok(ts.app.url, DISPLAY, {}, made.token)).display.id).toBe(made.displayToken.id);
    expect(await snapshotOf(made.token)).toBeDefined();
    await advanceHours(ts, city, 1.1);
    const r = await gql(ts.app.url, DISPLAY, {}, made.token);
    expect(r.errors?.[0]).toMatchObject({ message: "Display token expired", extensions: { code: "UNAUTHENTICATED" } });
    expect(r.status).toBe(401);
    await refusedOnConnect(made.token);
  });
});
