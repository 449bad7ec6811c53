import { QueryFailedError } from "typeorm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { preparedQuery } from "../../server/src/db/prepared.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts?.stop());

const run = (text: string, values: unknown[] = []) => preparedQuery(ts.app.dataSource, text, values);

describe("prepared statements", () => {
  it("are named, counted as statements, and answer as DataSource.query does", async () => {
    const before = ts.app.queries.count;
    const rows = await run(
      `SELECT $1::int + 1 AS n, name FROM pg_prepared_statements WHERE statement LIKE '%AS n, name FROM pg_prepared%'`,
      [41],
    );
    expect(ts.app.queries.count).toBe(before + 1);
    expect(rows).toEqual([{ n: 42, name: expect.stringMatching(/^desk\d+_[0-9a-f]{24}$/) }]);
  });

  it("are prepared again on a new connection after the pool closed its idle ones (the embedded database's one session still holds them)", async () => {
    expect(await run(`SELECT $1::text AS again`, ["first"])).toEqual([{ again: "first" }]);
    const pool = (ts.app.dataSource.driver as unknown as { master: { totalCount: number } }).master;
    await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 30_000, interval: 250 });
    expect(await run(`SELECT $1::text AS again`, ["second"])).toEqual([{ again: "second" }]);
  });

  it("are prepared again after a migration adds a column to a table they read with *", async () => {
    await ts.app.dataSource.query(`CREATE TABLE prepared_probe (a int)`);
    await ts.app.dataSource.query(`INSERT INTO prepared_probe VALUES (1)`);
    for (let i = 0; i < 5; i++) expect(await run(`SELECT * FROM prepared_probe`)).toEqual([{ a: 1 }]);
    await ts.app.dataSource.query(`ALTER TABLE prepared_probe ADD COLUMN b int NOT NULL DEFAULT 2`);
    for (let i = 0; i < 5; i++) expect(await run(`SELECT * FROM prepared_probe`)).toEqual([{ a: 1, b: 2 }]);
  });

  it("are named for a bounded number of texts; the rest run unnamed and still answer", async () => {
    for (let k = 0; k < 300; k++) expect(await run(`SELECT $1::int AS k${k}`, [k])).toEqual([{ [`k${k}`]: k }]);
    const [{ n }] = await run(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'desk%'`);
    expect(n).toBeGreaterThan(0);
    // 256 names, and at most the one the previous test left behind under its stale plan
    expect(n).toBeLessThanOrEqual(257);
  });

  it("fail as DataSource.query fails, with the statement and the database's error", async () => {
    const error = await run(`SELECT 1 / $1::int AS x`, [0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(error).toMatchObject({ query: `SELECT 1 / $1::int AS x`, parameters: [0], driverError: { code: "22012" } });
  });
});
