import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../server/src/app.js";
import { loadConfig } from "../../server/src/config.js";
import { createLogger } from "../../server/src/ops/logger.js";
import { caseAtInitialResponse } from "../support/cases.js";
import { gql } from "../support/client.js";
import { complaint, Q, setupCity } from "../support/fixtures.js";
import { TestClock, usingRealPostgres, type TestServer } from "../support/server.js";
import { eventually, report, sleep, startOwnPostgres, startPgliteProcess, type OwnPostgres } from "./support.js";

const PAUSE_MS = 5_000;
/** The server's database timeout in this test (the default is 10 s). */
const TIMEOUT_SECONDS = 1;
/** "Fail fast": a request during the pause is answered well before the database comes back. */
const ANSWER_BOUND_MS = 3_500;
const STALL_BOUND_MS = 1_000;

let app: App | undefined;
let db: OwnPostgres | undefined;
const dirs: string[] = [];
afterAll(async () => {
  db?.signal("SIGCONT");
  await app?.stop();
  await db?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Attempt {
  title?: string;
  at: number;
  ms: number;
  code: string;
}

describe("the database pauses for 5 s", () => {
  it("requests fail fast with a typed error, the pool recovers, the event loop never stalls over a second", async (ctx) => {
    // Only a database this test owns is ever paused: a PGlite socket server process of its own on the
    // embedded run, a throwaway cluster (initdb, postgres on a free port) on the PostgreSQL run.
    const files = mkdtempSync(join(tmpdir(), "desk-pause-"));
    dirs.push(files);
    const own = usingRealPostgres() ? await startOwnPostgres() : await startPgliteProcess(join(files, "pglite"));
    if (typeof own === "string") {
      report(`database pause: skipped (${own})`);
      ctx.skip();
      return;
    }
    db = own;
    const config = loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      SLA_SWEEP_SECONDS: "0",
      OUTBOX_POLL_SECONDS: "0",
      RATE_LIMIT_PER_MINUTE: "0",
      DATABASE_URL: own.url,
      // PGlite serves one connection at a time
      DATABASE_POOL_MAX: usingRealPostgres() ? "4" : "1",
      // ... so no second one for an identity listener (given as a URL, it is not known to be embedded)
      ...(usingRealPostgres() ? {} : { IDENTITY_CACHE_SECONDS: "0" }),
      DATABASE_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
      DATA_DIR: files,
    });
    app = await startApp(config, { clock: new TestClock(), logger: createLogger(process.env.DESK_TEST_LOG ?? "silent") });
    const city = await setupCity({ app } as TestServer);
    const cases: { id: string; version: number }[] = [];
    for (let i = 0; i < 3; i++) cases.push(await caseAtInitialResponse(app.url, city));

    // Each attempt: a read of a case, or a complaint recorded (a write transaction), as the console sends them.
    let n = 0;
    const attempt = async (): Promise<Attempt> => {
      const i = n++;
      const started = Date.now();
      const title = i % 2 ? undefined : `Kasus ${i}`;
      let r;
      try {
        r =
          i % 2
            ? await gql(app!.url, Q.case, { id: cases[i % cases.length].id }, city.tokens.adminA)
            : await gql(app!.url, Q.record, { input: { ...complaint({ title }), channel: "LAPOR" } }, city.tokens.instansi);
      } catch (e) {
        return { at: started, ms: Date.now() - started, code: `NETWORK ${String(e)}` };
      }
      return { title, at: started, ms: Date.now() - started, code: r.errors ? String(r.errors[0].extensions?.code) : "OK" };
    };

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const before = await Promise.all([attempt(), attempt(), attempt(), attempt()]);

    own.signal("SIGSTOP");
    const pausedAt = Date.now();
    const during: Promise<Attempt>[] = [];
    while (Date.now() - pausedAt < PAUSE_MS - 500) {
      during.push(attempt(), attempt());
      await sleep(250);
    }
    await sleep(Math.max(0, PAUSE_MS - (Date.now() - pausedAt)));
    own.signal("SIGCONT");
    const resumedAt = Date.now();
    const paused = await Promise.all(during);

    // The pool recovers by itself: the first success, then a run of them.
    let firstOk = -1;
    await eventually(
      async () => {
        const a = await attempt();
        if (a.code === "OK" && firstOk < 0) firstOk = Date.now() - resumedAt;
        return a.code === "OK";
      },
      15_000,
      100,
    );
    const after = [];
    for (let i = 0; i < 10; i++) after.push(await attempt());
    loop.disable();
    const maxStallMs = loop.max / 1e6;

    const answeredWhilePaused = paused.filter((a) => a.at + a.ms < resumedAt);
    // A write refused as UNAVAILABLE may still commit once the database wakes (its COMMIT was on the
    // wire): counted here, so docs/api.md can say so; the stored rows stay whole either way.
    const refusedWrites = paused.filter((a) => a.title && a.code === "UNAVAILABLE").map((a) => a.title!);
    const committedAnyway = Number(
      (await app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case WHERE title = ANY($1)`, [refusedWrites]))[0].n,
    );
    const codes = [...new Set(paused.map((a) => a.code))];
    const slowest = Math.max(...paused.map((a) => a.ms));
    report(
      `database pause (${usingRealPostgres() ? "own PostgreSQL cluster" : "own PGlite socket server process"}, SIGSTOP ${PAUSE_MS / 1000} s, server timeout ${TIMEOUT_SECONDS} s): ` +
        `before ${before.filter((a) => a.code === "OK").length}/${before.length} ok; during ${paused.length} requests: ${answeredWhilePaused.length} answered before the database came back, ` +
        `codes ${codes.join(", ")} (of ${refusedWrites.length} writes refused as UNAVAILABLE, ${committedAnyway} committed once it woke), slowest ${slowest} ms (bound ${ANSWER_BOUND_MS} ms); after SIGCONT first success in ${firstOk} ms, then ${after.filter((a) => a.code === "OK").length}/${after.length} ok; ` +
        `event loop max delay ${maxStallMs.toFixed(0)} ms (bound ${STALL_BOUND_MS} ms)`,
    );
    expect(before.every((a) => a.code === "OK")).toBe(true);
    expect(paused.filter((a) => a.code !== "OK" && a.code !== "UNAVAILABLE")).toEqual([]);
    expect(paused.filter((a) => a.code === "UNAVAILABLE").length).toBeGreaterThan(paused.length / 2);
    expect(slowest).toBeLessThan(ANSWER_BOUND_MS);
    expect(firstOk).toBeGreaterThanOrEqual(0);
    expect(after.every((a) => a.code === "OK")).toBe(true);
    expect(maxStallMs).toBeLessThan(STALL_BOUND_MS);
  });
});
