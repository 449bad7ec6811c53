import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITY_SCOPE, Topic } from "../../server/src/realtime/pubsub.js";
import { MAX_QUEUED_COUNTDOWNS } from "../../server/src/sla/countdown.hub.js";
import { ok, subscribe } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("caseChanged over graphql-ws", () => {
  it("refuses a connection with a forged token", async () => {
    const sub = await subscribe(ts.app.wsUrl, Q.changes, "forged.token.value");
    await sub.waitFor(() => sub.errors.length > 0);
    expect((sub.errors[0] as { code?: number }).code).toBe(4403);
    await sub.close();
  });

  it("refuses an anonymous subscriber with UNAUTHENTICATED, checked when subscribing", async () => {
    const sub = await subscribe(ts.app.wsUrl, Q.changes);
    await sub.waitFor(() => sub.errors.length > 0);
    expect(sub.errors[0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await sub.close();
  });

  it("shows the complainant only to who may see it, per subscriber", async () => {
    const instansi = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.instansi);
    const adminA = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.adminA);
    const r = await ok(
      ts.app.url,
      Q.record,
      { input: { ...complaint({ confidential: true }), channel: "WHATSAPP" } },
      city.tokens.instansi,
    );
    const c = r.recordComplaint.case;
    await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    await instansi.waitFor((ev) => ev.length === 2);
    await adminA.waitFor((ev) => ev.length === 1);
    expect(instansi.events[1].caseChanged.case.complainant).toEqual({ name: "Siti Aminah" });
    expect(adminA.events[0].caseChanged.case.complainant).toBeNull();
    expect(adminA.events[0].caseChanged).toMatchObject({
      action: "FORWARD",
      fromStage: "DISPOSITION",
      toStage: "INITIAL_RESPONSE",
      version: 2,
    });
    await Promise.all([instansi.close(), adminA.close()]);
  });
});

describe("SLA countdown subscribers that stop reading", () => {
  it("are ended through the fall-behind hook (the socket's 1013), not silently, and release their feed", async () => {
    const recorded = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LETTER" } }, city.tokens.instansi))
      .recordComplaint.case;
    const { countdowns, bus } = ts.app.services;
    const row = (await countdowns.load(CITY_SCOPE)).find((c) => c.id === recorded.id)!;
    let overflows = 0;
    const stalled = countdowns.subscribe(CITY_SCOPE, null, () => overflows++);
    const reading = countdowns.subscribe(CITY_SCOPE, null);
    expect((await reading.next()).value.kind).toBe("SNAPSHOT");
    await new Promise((r) => setTimeout(r, 100));

    const changes = MAX_QUEUED_COUNTDOWNS + 100;
    let upserts = 0;
    const read = (async () => {
      while (upserts < changes) {
        const r = await reading.next();
        if (r.done) break;
        if (r.value.kind === "UPSERT") upserts++;
      }
    })();
    for (let i = 0; i < changes; i++) {
      bus.publish(Topic.CASE_CHANGED, CITY_SCOPE, { case: row });
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5));
    }
    await read;
    expect({ upserts, overflows }).toEqual({ upserts: changes, overflows: 1 });
    const drained: string[] = [];
    for (let r = await stalled.next(); !r.done; r = await stalled.next()) drained.push(r.value.kind);
    expect(drained).toEqual([]);
    await reading.return!();
    expect(countdowns.stats()).toEqual({ feeds: 0, iterators: 0, timers: 0 });
  });
});
