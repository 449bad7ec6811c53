import { createClient, type Client } from "graphql-ws";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { caseAtConfirmation, caseAtInitialResponse } from "../support/cases.js";
import { makeEverythingDue, slaRecords } from "../support/due.js";
import { setupCity, signInAll, type City } from "../support/fixtures.js";
import { runServer, type Run } from "../support/process.js";
import { startTestServer, usingRealPostgres, type TestServer } from "../support/server.js";
import { eventually, freePort, redisServerAvailable, report, sleep, startOwnRedis, type Child } from "./support.js";

const why = !usingRealPostgres()
  ? "no DATABASE_URL: replicas need a real PostgreSQL"
  : !process.env.REDIS_URL
    ? "no REDIS_URL: replicas are tested with Redis only in the PostgreSQL + Redis run"
    : !redisServerAvailable()
      ? "no redis-server binary to run a Redis of this test's own (the machine's shared one is never restarted)"
      : null;
if (why) console.log(`[reliability] replicas with Redis restarts: skipped (${why})`);

/** A deadline generous enough for a busy 2-core machine; the point is "a few seconds", not a race. */
const RESYNC_BOUND_MS = 10_000;

let ts: TestServer | undefined;
let redis: Child | undefined;
const replicas: Run[] = [];
const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  for (const r of replicas) r.kill("SIGKILL");
  await Promise.all(replicas.map((r) => r.exited));
  await redis?.stop();
  await ts?.stop();
});

interface Watcher {
  client: Client;
  changes: string[];
  snapshots: number;
  connects: number;
}

/** A console-like subscriber: retries its connection as a browser would, and resubscribes. */
function watch(url: string, token: () => string): Watcher {
  const w: Watcher = { client: undefined as unknown as Client, changes: [], snapshots: 0, connects: 0 };
  w.client = createClient({
    url: url.replace("http", "ws"),
    webSocketImpl: WebSocket,
    connectionParams: () => ({ authorization: `Bearer ${token()}` }),
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: () => sleep(200),
    onNonLazyError: () => undefined,
  });
  w.client.on("connected", () => w.connects++);
  w.client.subscribe<{ caseChanged: { caseId: string } }>(
    { query: `subscription { caseChanged { caseId action } }` },
    { next: (v) => w.changes.push(v.data!.caseChanged.caseId), error: () => undefined, complete: () => undefined },
  );
  w.client.subscribe<{ slaCountdown: { kind: string } }>(
    { query: `subscription { slaCountdown { kind } }` },
    {
      next: (v) => (v.data!.slaCountdown.kind === "SNAPSHOT" ? w.snapshots++ : undefined),
      error: () => undefined,
      complete: () => undefined,
    },
  );
  clients.push(w.client);
  return w;
}

describe.skipIf(why !== null)("two replicas while Redis and one replica restart", () => {
  it("subscribers reconnect and resync within a few seconds; no breach or auto-close is recorded twice", async () => {
    const redisPort = await freePort();
    redis = await startOwnRedis(redisPort);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    ts = await startTestServer({ env: { REDIS_URL: redisUrl } });
    const city: City = await setupCity(ts);
    // Overdue cases for both sweepers: a breach each at step 2, an auto-close each at step 5.
    for (let i = 0; i < 6; i++) await caseAtInitialResponse(ts.app.url, city);
    for (let i = 0; i < 4; i++) await caseAtConfirmation(ts.app.url, city);
    const env = { ...ts.env(), REDIS_URL: redisUrl, SLA_SWEEP_SECONDS: "1", RATE_LIMIT_PER_MINUTE: "0" };
    const portB = await freePort();
    replicas.push(runServer(env), runServer({ ...env, PORT: String(portB) }));
    await Promise.all(replicas.map((r) => r.waitFor("ready")));
    const [a] = replicas;
    await signInAll(a.url(), city);
    const urlB = replicas[1].url();

    const onA = watch(a.url(), () => city.tokens.instansi);
    const onB = watch(urlB, () => city.tokens.instansi);
    expect(await eventually(() => onA.snapshots > 0 && onB.snapshots > 0, RESYNC_BOUND_MS)).toBe(true);

    // Steady load on replica A: cases recorded and forwarded, each change published over Redis.
    let stop = false;
    const made: string[] = [];
    const failures: string[] = [];
    const load = (async () => {
      while (!stop) {
        try {
          made.push((await caseAtInitialResponse(a.url(), city)).id);
        } catch (e) {
          failures.push(String(e).slice(0, 120));
          await sleep(200);
        }
        await sleep(100);
      }
    })();
    const reaches = async (w: Watcher, bound: number) => {
      const from = made.length;
      const ok = await eventually(() => made.slice(from).some((id) => w.changes.includes(id)), bound);
      return ok;
    };
    expect(await reaches(onB, RESYNC_BOUND_MS)).toBe(true);
    await makeEverythingDue(ts.app.dataSource);

    // 1. Redis restarts (killed, back on the same port two seconds later) under the load.
    await redis.stop();
    await sleep(2_000);
    redis = await startOwnRedis(redisPort);
    const redisBack = Date.now();
    const afterRedis = await reaches(onB, RESYNC_BOUND_MS);
    const redisResyncMs = Date.now() - redisBack;

    // 2. Replica B is killed (-9) and started again on its port: its subscribers reconnect by themselves.
    const connectsBefore = onB.connects;
    const snapshotsBefore = onB.snapshots;
    replicas[1].kill("SIGKILL");
    await replicas[1].exited;
    replicas[1] = runServer({ ...env, PORT: String(portB) });
    await replicas[1].waitFor("ready");
    const replicaBack = Date.now();
    const resynced = await eventually(() => onB.connects > connectsBefore && onB.snapshots > snapshotsBefore, RESYNC_BOUND_MS);
    const replicaResyncMs = Date.now() - replicaBack;
    const afterReplica = await reaches(onB, RESYNC_BOUND_MS);
    stop = true;
    await load;

    // Both sweepers ran through all of it: every alert and auto-close exactly once.
    let sla = await slaRecords(ts.app.dataSource);
    await eventually(
      async () => {
        sla = await slaRecords(ts!.app.dataSource);
        return sla.alerts.length >= 12 && sla.autoCloses.every((n) => n >= 1);
      },
      20_000,
      250,
    );
    await sleep(2_500);
    sla = await slaRecords(ts.app.dataSource);
    const aAlive = await fetch(new URL("/healthz", a.url())).then(
      (r) => r.ok,
      () => false,
    );
    if (!aAlive) console.log(`replica A's last output:\n${replicas[0].output().slice(-2_000)}`);
    const twice = sla.alerts.filter((x) => x.n !== 1).length + sla.autoCloses.filter((n) => n !== 1).length;

    report(
      `replicas: ${made.length} cases made on A under load (${failures.length} attempts failed); Redis killed and back after 2 s: ` +
        `a change on A reached B's subscriber ${afterRedis ? `${(redisResyncMs / 1000).toFixed(1)} s after Redis was back` : "NEVER"}; ` +
        `replica B killed -9 and restarted: its subscriber reconnected and got a fresh snapshot ${resynced ? `${(replicaResyncMs / 1000).toFixed(1)} s after B was ready` : "NEVER"}, ` +
        `changes from A reach it again: ${afterReplica ? "yes" : "no"}; replica A stayed up: ${aAlive ? "yes" : "no"}; ` +
        `SLA records: ${sla.alerts.length} alerts, ${sla.autoCloses.length} auto-closes, recorded twice: ${twice}`,
    );
    expect(aAlive).toBe(true);
    expect(afterRedis).toBe(true);
    expect(resynced).toBe(true);
    expect(afterReplica).toBe(true);
    expect(sla.alerts.length).toBeGreaterThanOrEqual(12);
    expect(sla.autoCloses).toEqual([1, 1, 1, 1]);
    expect(twice).toBe(0);
  });
});
