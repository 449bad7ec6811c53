import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IdentityCache, LISTENER_NAME, listenForIdentityChanges } from "../../server/src/auth/identity-cache.js";
import { poolOf } from "../../server/src/db/data-source.js";
import { createLogger } from "../../server/src/ops/logger.js";
import { errorCode, gql, ok } from "../support/client.js";
import { complaint, login, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, usingRealPostgres, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

const OPDS = `{ opds { code } }`;
const CREATE = `mutation($scopes: [ApiScope!]!) { createApiToken(label: "Dasbor", role: ADMIN_INSTANSI, scopes: $scopes) { token apiToken { id } } }`;
/** How soon a change made in SQL reaches every server: a notification's trip, not the cache's age (60 s). */
const MOMENTS = { timeout: 2_000, interval: 50 };
const sql = (text: string, values: unknown[] = []) => ts.app.dataSource.query(text, values);

async function statementsFor(query: string, token: string): Promise<number> {
  const before = ts.app.queries.count;
  await ok(ts.app.url, query, {}, token);
  return ts.app.queries.count - before;
}

/** A real logger whose lines are kept, as JSON, for the test to read. */
function logLines() {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  const parsed = () => lines.map((l) => JSON.parse(l) as { msg: string; failures?: number });
  return { logger, lines: parsed, messages: () => parsed().map((l) => l.msg) };
}

describe("identities kept between requests", () => {
  it("once the listener hears notifications, a signed-in request reads no account", async () => {
    expect(ts.app.identities.isLive).toBe(true);
    await ok(ts.app.url, OPDS, {}, city.tokens.adminA);
    expect(await statementsFor(OPDS, city.tokens.adminA)).toBe(1);
  });

  it.skipIf(usingRealPostgres())(
    "on the embedded database, a change empties the cache before its own statement answers, also on the pool's next connection",
    async () => {
      const changed = async (name: string) => {
        await ok(ts.app.url, OPDS, {}, city.tokens.officerA);
        await sql(`UPDATE app_user SET display_name = $1 WHERE username = 'officera'`, [name]);
        expect(await statementsFor(OPDS, city.tokens.officerA)).toBe(2);
        expect(await statementsFor(OPDS, city.tokens.officerA)).toBe(1);
      };
      await changed("Petugas");
      const pool = poolOf(ts.app.dataSource);
      await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 30_000, interval: 250 });
      await changed("Petugas Lapangan");
    },
  );

  it("an account disabled by hand in SQL is refused within moments, and allowed again once enabled", async () => {
    await ok(ts.app.url, OPDS, {}, city.tokens.adminB);
    await sql(`UPDATE app_user SET active = false WHERE username = 'adminb'`);
    await vi.waitFor(async () => expect(await errorCode(ts.app.url, OPDS, {}, city.tokens.adminB)).toBe("UNAUTHENTICATED"), MOMENTS);
    await sql(`UPDATE app_user SET active = true WHERE username = 'adminb'`);
    await vi.waitFor(async () => expect((await ok(ts.app.url, OPDS, {}, city.tokens.adminB)).opds).toHaveLength(2), MOMENTS);
  });

  it("a role changed in SQL applies to the account's next requests", async () => {
    const ACK = `mutation { acknowledgeComplaint(caseId: "00000000-0000-4000-8000-000000000000", expectedVersion: 1, reportMaterial: "x", initialResponse: "x") { id } }`;
    expect(await errorCode(ts.app.url, ACK, {}, city.tokens.adminB)).toBe("NOT_FOUND");
    await sql(`UPDATE app_user SET role = 'OFFICER' WHERE username = 'adminb'`);
    await vi.waitFor(async () => expect(await errorCode(ts.app.url, ACK, {}, city.tokens.adminB)).toBe("FORBIDDEN"), MOMENTS);
    await sql(`UPDATE app_user SET role = 'ADMIN_OPD' WHERE username = 'adminb'`);
    await vi.waitFor(async () => expect(await errorCode(ts.app.url, ACK, {}, city.tokens.adminB)).toBe("NOT_FOUND"), MOMENTS);
  });

  it("an API token narrowed or revoked by hand in SQL is refused within moments", async () => {
    const CASES = `{ cases(first: 1) { totalCount } }`;
    const made = (await ok(ts.app.url, CREATE, { scopes: ["CASES_READ"] }, city.tokens.instansi)).createApiToken;
    await ok(ts.app.url, CASES, {}, made.token);
    await sql(`UPDATE api_token SET scopes = '{}' WHERE id = $1`, [made.apiToken.id]);
    await vi.waitFor(async () => expect(await errorCode(ts.app.url, CASES, {}, made.token)).toBe("FORBIDDEN"), MOMENTS);
    await ok(ts.app.url, OPDS, {}, made.token);
    await sql(`UPDATE api_token SET revoked_at = now() WHERE id = $1`, [made.apiToken.id]);
    await vi.waitFor(async () => expect(await errorCode(ts.app.url, OPDS, {}, made.token)).toBe("UNAUTHENTICATED"), MOMENTS);
  });

  it("an OPD deactivated by hand in SQL takes no more forwards within moments", async () => {
    const record = async () =>
      (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint.case as {
        id: string;
        version: number;
      };
    const forward = async () => {
      const c = await record();
      return (await gql(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).errors?.[0]?.extensions
        ?.code;
    };
    expect(await forward()).toBeUndefined();
    await sql(`UPDATE opd SET active = false WHERE id = $1`, [city.opdB.id]);
    try {
      await vi.waitFor(async () => expect(await forward()).toBe("VALIDATION"), MOMENTS);
    } finally {
      await sql(`UPDATE opd SET active = true WHERE id = $1`, [city.opdB.id]);
    }
    await vi.waitFor(async () => expect(await forward()).toBeUndefined(), MOMENTS);
  });

  it("an OPD's short name changed by hand in SQL is what the next forward names within moments", async () => {
    const forwardedShortName = async () => {
      const c = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint
        .case as { id: string; version: number };
      const r = await ok(
        ts.app.url,
        `mutation($id: ID!, $v: Int!, $opd: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $opd) { opd { shortName } } }`,
        { id: c.id, v: c.version, opd: city.opdB.id },
        city.tokens.instansi,
      );
      return r.forwardToOpd.opd.shortName as string | null;
    };
    expect(await forwardedShortName()).toBeNull();
    await sql(`UPDATE opd SET short_name = 'Dinkes' WHERE id = $1`, [city.opdB.id]);
    try {
      await vi.waitFor(async () => expect(await forwardedShortName()).toBe("Dinkes"), MOMENTS);
    } finally {
      await sql(`UPDATE opd SET short_name = NULL WHERE id = $1`, [city.opdB.id]);
    }
  });

  it.runIf(usingRealPostgres())("a lost listener turns the cache off until it is back, and changes still reach it after", async () => {
    expect(ts.app.identities.isLive).toBe(true);
    const admin = new pg.Client({ connectionString: ts.location });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [LISTENER_NAME],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    await vi.waitFor(() => expect(ts.app.identities.isLive).toBe(false), MOMENTS);
    await vi.waitFor(() => expect(ts.app.identities.isLive).toBe(true), { timeout: 10_000, interval: 100 });
    const token = await login(ts.app.url, "officera");
    await ok(ts.app.url, OPDS, {}, token);
    await sql(`UPDATE app_user SET active = false WHERE username = 'officera'`);
    await vi.waitFor(async () => expect(await errorCode(ts.app.url, OPDS, {}, token)).toBe("UNAUTHENTICATED"), MOMENTS);
  });

  it.runIf(usingRealPostgres())(
    "a listener that hears nothing sent from another session stays off, says so once, and goes live once it does",
    async () => {
      const cache = new IdentityCache(60_000);
      let deliver = false;
      let probes = 0;
      const withheld = {
        query: async (text: string, values: unknown[]) => {
          probes += 1;
          return deliver && sql(text, values);
        },
      };
      const log = logLines();
      const stop = listenForIdentityChanges(ts.location, cache, log.logger, withheld, { probeTimeoutMs: 200, heartbeatMs: 200 });
      try {
        await vi.waitFor(() => expect(probes).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 50 });
        expect(cache.isLive).toBe(false);
        expect(log.messages()).toEqual(["identity listener lost: every request reads its account until it is back"]);
        deliver = true;
        await vi.waitFor(() => expect(cache.isLive).toBe(true), { timeout: 10_000, interval: 100 });
        expect(log.messages().at(-1)).toBe("identity listener back: accounts kept between requests again");
        // its own heartbeats (every 200 ms here) keep it live
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(cache.isLive).toBe(true);
      } finally {
        await stop();
      }
      expect(cache.isLive).toBe(false);
    },
  );

  it("a listener whose database cannot be reached warns once, then at most every warnEveryMs, not on every retry", async () => {
    const cache = new IdentityCache(60_000);
    const log = logLines();
    const unreachable = "postgres://postgres@127.0.0.1:9/none";
    const stop = listenForIdentityChanges(unreachable, cache, log.logger, { query: async () => undefined }, { warnEveryMs: 2_500 });
    try {
      await vi.waitFor(() => expect(log.messages()).toHaveLength(2), { timeout: 15_000, interval: 50 });
    } finally {
      await stop();
    }
    expect(cache.isLive).toBe(false);
    expect(log.messages()).toEqual([
      "identity listener lost: every request reads its account until it is back",
      "identity listener still lost: every request reads its account",
    ]);
    // a retry a second: the tries between the two warnings said nothing
    expect(log.lines().at(-1)!.failures).toBeGreaterThanOrEqual(3);
  });
});
