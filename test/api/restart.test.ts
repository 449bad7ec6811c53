import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../server/src/app.js";
import { loadConfig } from "../../server/src/config.js";
import { DataDirLockedError } from "../../server/src/db/embedded.js";
import { createLogger } from "../../server/src/ops/logger.js";
import { ok } from "../support/client.js";
import { complaint, login, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, usingRealPostgres, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

const rows = (sql: string) => ts.app.dataSource.query(sql);

describe("restart on the same data", () => {
  it("cases, events and absolute deadlines are all there after stop and start", async () => {
    const r = await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LETTER" } }, city.tokens.instansi);
    const c = r.recordComplaint.case;
    await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    const before = {
      cases: await rows(`SELECT id, stage, version, stage_due_at FROM complaint_case ORDER BY id`),
      events: await rows(`SELECT id, action, at FROM case_event ORDER BY id`),
      visits: await rows(`SELECT id, due_at, done_at FROM stage_visit ORDER BY id`),
    };
    await ts.restart();
    expect({
      cases: await rows(`SELECT id, stage, version, stage_due_at FROM complaint_case ORDER BY id`),
      events: await rows(`SELECT id, action, at FROM case_event ORDER BY id`),
      visits: await rows(`SELECT id, due_at, done_at FROM stage_visit ORDER BY id`),
    }).toEqual(before);
    const token = await login(ts.app.url, "admina");
    const after = await ok(ts.app.url, Q.case, { id: c.id }, token);
    expect(after.case).toMatchObject({ stage: "INITIAL_RESPONSE", version: 2, stageDueAt: before.cases[0].stage_due_at.toISOString() });
    expect(await rows(`SELECT count(*)::int AS n FROM sop_version`)).toEqual([{ n: 1 }]);
  });

  it.skipIf(usingRealPostgres())("a second process on the same embedded data directory is refused with a clear message", async () => {
    const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATA_DIR: ts.location, SEED_DEMO: "false" });
    await expect(startApp(config, { logger: createLogger("silent") })).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(startApp(config, { logger: createLogger("silent") })).rejects.toThrow(/DATA_DIR .* is in use by another process/);
  });
});

describe("first start", () => {
  it("seeds the demo on an empty embedded database: a dozen cases at every stage, logins that work", async () => {
    const dir = usingRealPostgres() ? undefined : mkdtempSync(join(tmpdir(), "desk-demo-"));
    const demo = await startTestServer({ dataDir: dir, seedDemo: true });
    try {
      const stages = await demo.app.dataSource.query(`SELECT stage, count(*)::int AS n FROM complaint_case GROUP BY stage ORDER BY stage`);
      expect(stages).toHaveLength(6);
      expect(stages.every((s: { n: number }) => s.n === 12)).toBe(true);
      const token = await login(demo.app.url, "admin.instansi", "demo12345");
      const board = await ok(demo.app.url, `{ board { columns { stage count } } }`, {}, token);
      expect(board.board.columns.map((c: { count: number }) => c.count)).toEqual([12, 12, 12, 12, 12, 12]);
      const opds = await ok(demo.app.url, `{ opds { name } }`, {}, token);
      expect(opds.opds.map((o: { name: string }) => o.name)).toContain("Dinas Koperasi, Usaha Kecil Menengah dan Perindustrian");
      const events = await demo.app.dataSource.query(`SELECT count(*)::int AS n FROM case_event`);
      expect(events[0].n).toBeGreaterThan(72);
      await demo.restart();
      expect((await demo.app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case`))[0].n).toBe(72);
    } finally {
      await demo.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
