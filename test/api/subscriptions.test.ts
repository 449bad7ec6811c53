import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    const r = await ok(ts.app.url, Q.record, { input: { ...complaint({ confidential: true }), channel: "WHATSAPP" } }, city.tokens.instansi);
    const c = r.recordComplaint.case;
    await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    await instansi.waitFor((ev) => ev.length === 2);
    await adminA.waitFor((ev) => ev.length === 1);
    expect(instansi.events[1].caseChanged.case.complainant).toEqual({ name: "Siti Aminah" });
    expect(adminA.events[0].caseChanged.case.complainant).toBeNull();
    expect(adminA.events[0].caseChanged).toMatchObject({ action: "FORWARD", fromStage: "DISPOSITION", toStage: "INITIAL_RESPONSE", version: 2 });
    await Promise.all([instansi.close(), adminA.close()]);
  });
});
