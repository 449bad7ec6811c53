import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/src/ops/logger.js";
import { gql, ok, openSubscription, subscribe } from "../support/client.js";
import { complaint, Q, setupCity, signInAll, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
const lines: Record<string, any>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

const origin = () => new URL(ts.app.url).origin;
const metricsText = async (headers: Record<string, string> = {}) => (await fetch(`${origin()}/metrics`, { headers })).text();
const sample = (text: string, name: string, labels = "") =>
  Number(new RegExp(`^${name}${labels.replace(/[{}]/g, (c) => `\\${c}`)} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);

beforeAll(async () => {
  ts = await startTestServer({ logger: createLogger("info", sink) });
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("operations endpoints", () => {
  it("healthz answers; readyz checks the database and the migrations", async () => {
    expect(await (await fetch(`${origin()}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${origin()}/readyz`)).json()).toEqual({ status: "ready" });
    await ts.app.dataSource.undoLastMigration();
    try {
      const pending = await fetch(`${origin()}/readyz`);
      expect([pending.status, await pending.json()]).toEqual([503, { status: "migrations pending" }]);
    } finally {
      await ts.app.dataSource.runMigrations();
    }
    expect((await fetch(`${origin()}/readyz`)).status).toBe(200);
    // Undoing the last migration may drop the sign-in sessions: sign everyone in again.
    await signInAll(ts.app.url, city);
  });

  it("gives every request an id, echoes a sane one, and logs one JSON line per request without secrets", async () => {
    const given = await fetch(ts.app.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "lapor-42.a", authorization: `Bearer ${city.tokens.adminA}` },
      body: JSON.stringify({ query: "query WhoAmI { me { username } }" }),
    });
    expect(given.headers.get("x-request-id")).toBe("lapor-42.a");
    const made = await fetch(`${origin()}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.find((l) => l.reqId === "lapor-42.a" && l.msg === "request");
    expect(line).toMatchObject({
      level: "info",
      service: "sop-desk",
      method: "POST",
      path: "/graphql",
      status: 200,
      operation: "query WhoAmI",
    });
    expect(typeof line!.ms).toBe("number");
    expect(JSON.stringify(lines)).not.toContain(city.tokens.adminA);
  });

  it("counts operations by name, type and outcome, and times them", async () => {
    await ok(ts.app.url, "query WhoAmI { me { username } }", {}, city.tokens.adminA);
    await gql(ts.app.url, "query Columns { board { columns { stage } } }");
    const refused = await gql(
      ts.app.url,
      "mutation Forward($id: ID!) { forwardToOpd(caseId: $id, expectedVersion: 1, opdId: $id) { id } }",
      { id: "x" },
      city.tokens.adminA,
    );
    const code = refused.errors![0].extensions!.code as string;
    expect(code).not.toBe("INTERNAL_SERVER_ERROR");
    const text = await metricsText();
    expect(sample(text, "desk_graphql_requests_total", '{operation="WhoAmI",type="query",outcome="ok"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, "desk_graphql_requests_total", '{operation="Columns",type="query",outcome="UNAUTHENTICATED"}')).toBe(1);
    expect(sample(text, "desk_graphql_requests_total", `{operation="Forward",type="mutation",outcome="${code}"}`)).toBe(1);
    expect(sample(text, "desk_graphql_request_duration_seconds_count", '{operation="WhoAmI",type="query"}')).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^desk_process_resident_memory_bytes \d+/m);
  });

  it("shows open subscriptions, sweeper lag and breaches", async () => {
    const before = sample(await metricsText(), "desk_subscriptions_open");
    const sub = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.instansi);
    const sub2 = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.adminA);
    const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint;
    await sub.waitFor((ev) => ev.length >= 1);
    expect(sample(await metricsText(), "desk_subscriptions_open")).toBe(before + 2);
    await sub.close();
    await sub2.close();
    await expect.poll(async () => sample(await metricsText(), "desk_subscriptions_open")).toBe(before);

    expect(sample(await metricsText(), "desk_sla_sweeper_lag_seconds")).toBe(0);
    ts.clock.advanceHours(24 * 7);
    const lag = sample(await metricsText(), "desk_sla_sweeper_lag_seconds");
    expect(lag).toBeGreaterThan(0);
    await ts.app.services.sweeper.sweepOnce();
    const after = await metricsText();
    expect(sample(after, "desk_sla_sweeper_lag_seconds")).toBe(0);
    expect(sample(after, "desk_sla_breaches_recorded", '{stage="DISPOSITION"}')).toBeGreaterThanOrEqual(1);
    expect(r.trackingNumber).toMatch(/^ADU-/);
  });

  it("serves Apollo Sandbox at /graphql to a browser in development, and not in production", async () => {
    const page = await fetch(ts.app.url, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("embeddable-sandbox.cdn.apollographql.com");
    const production = await startTestServer({ env: { NODE_ENV: "production" } });
    try {
      const closed = await fetch(production.app.url, { headers: { accept: "text/html" } });
      expect(await closed.text()).not.toContain("embeddable-sandbox");
      const introspection = await gql(production.app.url, "{ __schema { queryType { name } } }");
      expect(introspection.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    } finally {
      await production.stop();
    }
  });

  it("a graceful stop answers the request in flight and closes WebSockets with 1012 (restart: reconnect)", async () => {
    const leaving = await startTestServer();
    const people = await setupCity(leaving);
    const socket = await openSubscription(leaving.app.wsUrl, `subscription { slaAlerts { kind } }`, people.tokens.instansi);
    const inFlight = gql(leaving.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, people.tokens.instansi);
    await new Promise((r) => setTimeout(r, 5));
    const stopped = leaving.stop();
    expect(await socket.closed).toBe(1012);
    expect((await inFlight).data?.recordComplaint?.trackingNumber).toMatch(/^ADU-/);
    await stopped;
  });

  it("wants METRICS_TOKEN when one is set", async () => {
    const guarded = await startTestServer({ env: { METRICS_TOKEN: "rahasia-metrik-0123" } });
    try {
      const at = `${new URL(guarded.app.url).origin}/metrics`;
      expect((await fetch(at)).status).toBe(401);
      expect((await fetch(at, { headers: { authorization: "Bearer salah-salah-salah-0" } })).status).toBe(401);
      const res = await fetch(at, { headers: { authorization: "Bearer rahasia-metrik-0123" } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("desk_subscriptions_open");
    } finally {
      await guarded.stop();
    }
  });
});
