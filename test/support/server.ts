import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startApp, type App } from "../../server/src/app.js";
import type { Clock } from "../../server/src/clock.js";
import { loadConfig } from "../../server/src/config.js";
import { createLogger, type Logger } from "../../server/src/ops/logger.js";

/** Monday 23 November 2026, 09:00 WITA: office hours, no holiday for weeks either side. */
export const TEST_EPOCH = Date.parse("2026-11-23T09:00:00+08:00");

/** Runs at real speed from TEST_EPOCH; tests move it forward, so "7 working hours later" takes no time. */
export class TestClock implements Clock {
  private readonly realStart = Date.now();
  private offsetMs = 0;
  now(): Date {
    return new Date(TEST_EPOCH + (Date.now() - this.realStart) + this.offsetMs);
  }
  advanceHours(hours: number): void {
    this.offsetMs += hours * 3_600_000;
  }
}

export interface TestServer {
  app: App;
  clock: TestClock;
  /** The embedded data directory, or the throwaway database's URL on a real server. */
  location: string;
  /** Stops and starts again on the same data; `samePort` keeps the URL, so open browsers reconnect to it. */
  restart(options?: { samePort?: boolean }): Promise<void>;
  /** Stops the app but keeps its data, so another process may use it. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** The environment a server process needs to run on the same data. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export const usingRealPostgres = () => Boolean(process.env.DATABASE_URL);

/** A throwaway database on the real server, dropped again on stop, so runs never share data. */
async function createThrowawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `desk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestServerOptions {
  dataDir?: string;
  /** Where the app logs; silent unless DESK_TEST_LOG names a level. */
  logger?: Logger;
  seedDemo?: boolean;
  sweepSeconds?: number;
  heartbeatSeconds?: number;
  /** The built admin console to serve at `/` (ADMIN_UI_DIST). */
  adminUiDist?: string;
  /** More environment, applied last (e.g. WEBHOOK_URLS). */
  env?: Record<string, string>;
  /** A second replica on this server's real PostgreSQL database, on a clock of its own; stopping it leaves the data. */
  replicaOf?: TestServer;
}

/** Starts the whole server in-process on a free port: embedded by default, the real server when DATABASE_URL is set. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const clock = new TestClock();
  let location: string;
  let cleanup: () => Promise<void>;
  if (options.replicaOf) {
    if (!usingRealPostgres()) throw new Error("a replica needs a real PostgreSQL: two processes on one embedded directory diverge");
    const files = mkdtempSync(join(tmpdir(), "desk-test-files-"));
    location = options.replicaOf.location;
    cleanup = async () => rmSync(files, { recursive: true, force: true });
    options = { ...options, env: { DATA_DIR: files, ...options.env } };
  } else if (usingRealPostgres()) {
    const db = await createThrowawayDatabase();
    const files = mkdtempSync(join(tmpdir(), "desk-test-files-"));
    location = db.url;
    cleanup = async () => {
      await db.drop();
      rmSync(files, { recursive: true, force: true });
    };
    options = { ...options, env: { DATA_DIR: files, ...options.env } };
  } else {
    location = options.dataDir ?? mkdtempSync(join(tmpdir(), "desk-test-"));
    const dir = location;
    cleanup = async () => (options.dataDir ? undefined : rmSync(dir, { recursive: true, force: true }));
  }
  const config = (port = 0) =>
    loadConfig({
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO: options.seedDemo ? "true" : "false",
      SLA_SWEEP_SECONDS: String(options.sweepSeconds ?? 0),
      SLA_HEARTBEAT_SECONDS: String(options.heartbeatSeconds ?? 30),
      OUTBOX_POLL_SECONDS: "0",
      RATE_LIMIT_PER_MINUTE: "0",
      WS_CONNECTIONS_PER_IDENTITY: "0",
      WS_OPERATIONS_PER_CONNECTION: "0",
      // Every query a test sends runs compiled (graphql-jit), as a hot one does in production.
      GRAPHQL_COMPILE_AFTER: "1",
      ...(usingRealPostgres() ? { DATABASE_URL: location } : { DATA_DIR: location }),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...(options.adminUiDist ? { ADMIN_UI_DIST: options.adminUiDist } : {}),
      ...options.env,
    });
  const logger = options.logger ?? createLogger(process.env.DESK_TEST_LOG ?? "silent");
  const start = async (port?: number) => {
    const app = await startApp(config(port), { clock, logger });
    if (options.env?.IDENTITY_CACHE_SECONDS !== "0") await identitiesLive(app);
    return app;
  };
  const server: TestServer = {
    app: await start(),
    clock,
    location,
    async restart({ samePort = false } = {}) {
      const port = server.app.port;
      await server.pause();
      server.app = await start(samePort ? port : 0);
    },
    pause: () => server.app.stop(),
    async resume() {
      server.app = await start();
    },
    env: () => ({
      ...(usingRealPostgres() ? { DATABASE_URL: location } : { DATA_DIR: location }),
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    }),
    async stop() {
      await server.app.stop();
      await cleanup();
    },
  };
  return server;
}

/** Accounts are kept once the listener hears notifications: waited for, so a test's statement counts do not depend on how soon. */
async function identitiesLive(app: App): Promise<void> {
  for (const started = Date.now(); !app.identities.isLive; await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > 10_000) throw new Error("the identity listener did not go live within 10 s");
  }
}
