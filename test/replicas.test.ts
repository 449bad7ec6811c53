import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseAtConfirmation, caseAtInitialResponse } from "./support/cases.js";
import { gql, ok, openSubscription, subscribe } from "./support/client.js";
import { makeEverythingDue, slaRecords } from "./support/due.js";
import { login, Q, setupCity, signInAll, type City } from "./support/fixtures.js";
import { runServer, type Run } from "./support/process.js";
import { startTestServer, usingRealPostgres, type TestServer } from "./support/server.js";

const shared = usingRealPostgres() && Boolean(process.env.REDIS_URL);
let ts: TestServer;
let city: City;
let replicas: Run[] = [];

describe.skipIf(!shared)("two server processes on one PostgreSQL and Redis", () => {
  beforeAll(async () => {
    ts = await startTestServer();
    city = await setupCity(ts);
    replicas = [runServer({ ...ts.env(), SLA_SWEEP_SECONDS: "1" }), runServer({ ...ts.env(), SLA_SWEEP_SECONDS: "1" })];
    await Promise.all(replicas.map((r) => r.waitFor("ready")));
    // the replicas run on real time, the in-process server on the test clock
    await signInAll(replicas[0].url(), city);
  });
  afterAll(async () => {
    for (const r of replicas) r.kill("SIGTERM");
    await Promise.all(replicas.map((r) => r.exited));
    await ts?.stop();
  });

  it("a mutation on one reaches a subscriber on the other", async () => {
    const [one, two] = replicas.map((r) => r.url());
    const changes = await subscribe<any>(two.replace("http", "ws"), Q.changes, city.tokens.adminA);
    const alerts = await subscribe<any>(two.replace("http", "ws"), `subscription { slaAlerts { kind caseId } }`, city.tokens.adminA);
    const c = await caseAtInitialResponse(one, city);
    await changes.waitFor((ev) => ev.some((e) => e.caseChanged.caseId === c.id && e.caseChanged.action === "FORWARD"));
    await makeEverythingDue(ts.app.dataSource);
    await alerts.waitFor((ev) => ev.some((e) => e.slaAlerts.caseId === c.id && e.slaAlerts.kind === "BREACHED"), 10_000);
    await Promise.all([changes.close(), alerts.close()]);
  });

  it("with both sweepers running, each warning, breach and auto-close is recorded exactly once", async () => {
    const url = replicas[0].url();
    for (let i = 0; i < 8; i++) await caseAtInitialResponse(url, city);
    for (let i = 0; i < 5; i++) await caseAtConfirmation(url, city);
    await makeEverythingDue(ts.app.dataSource);
    const until = Date.now() + 15_000;
    let records = await slaRecords(ts.app.dataSource);
    while ((records.alerts.length < 18 || records.autoCloses.some((n) => n === 0)) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      records = await slaRecords(ts.app.dataSource);
    }
    await new Promise((r) => setTimeout(r, 2_500));
    records = await slaRecords(ts.app.dataSource);
    expect(records.alerts).toHaveLength(18);
    expect(records.alerts.every((a) => a.n === 1)).toBe(true);
    expect(records.autoCloses).toEqual([1, 1, 1, 1, 1]);
  });

  it("an account deactivated on one ends its subscriptions and requests on the other", async () => {
    const [one, two] = replicas.map((r) => r.url());
    const made = await ok(
      one,
      `mutation($o: ID) { createUser(username: "petugas.replika", displayName: "Petugas Replika", role: OFFICER, opdId: $o, password: "replika-dua-server") { user { id } } }`,
      { o: city.opdA.id },
      city.tokens.superuser,
    );
    const token = await login(two, "petugas.replika", "replika-dua-server");
    const open = await openSubscription(two.replace("http", "ws"), `subscription { slaAlerts { kind caseId } }`, token);
    await ok(
      one,
      `mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }`,
      { id: made.createUser.user.id },
      city.tokens.superuser,
    );
    expect(await open.closed).toBe(4403);
    expect((await gql(two, `{ me { id } }`, {}, token)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });
});
