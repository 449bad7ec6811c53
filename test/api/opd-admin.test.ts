import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setOpdActive(opdId: $id, active: $active) { id code active } }`;
const OPDS = `{ opds { code active } }`;

async function newCase(): Promise<{ id: string; version: number }> {
  return (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint.case;
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("the superuser manages the OPD list", () => {
  it("deactivates and reactivates an OPD; others are refused", async () => {
    for (const who of ["instansi", "adminA", "liaisonA", "officerA"] as const) {
      expect(await errorCode(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false })).toBe("UNAUTHENTICATED");
    expect((await ok(ts.app.url, OPDS, {}, city.tokens.instansi)).opds).toContainEqual({ code: "DINKES", active: true });

    const off = await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens.superuser);
    expect(off.setOpdActive).toEqual({ id: city.opdB.id, code: "DINKES", active: false });
    expect((await ok(ts.app.url, OPDS, {}, city.tokens.instansi)).opds).toContainEqual({ code: "DINKES", active: false });

    const on = await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: true }, city.tokens.superuser);
    expect(on.setOpdActive.active).toBe(true);
  });

  it("answers NOT_FOUND and VALIDATION for unknown and malformed ids", async () => {
    expect(
      await errorCode(ts.app.url, SET_ACTIVE, { id: "00000000-0000-4000-8000-000000000000", active: false }, city.tokens.superuser),
    ).toBe("NOT_FOUND");
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: "nope", active: false }, city.tokens.superuser)).toBe("VALIDATION");
  });

  it("refuses forwarding to an inactive OPD with VALIDATION and changes nothing; active again, it works", async () => {
    const c = await newCase();
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens.superuser);
    expect(await errorCode(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).toBe("VALIDATION");
    const unchanged = (await ok(ts.app.url, Q.case, { id: c.id }, city.tokens.instansi)).case;
    expect(unchanged).toMatchObject({ stage: "DISPOSITION", version: c.version, opd: null });
    expect(unchanged.events).toHaveLength(1);

    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: true }, city.tokens.superuser);
    const moved = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).forwardToOpd;
    expect(moved).toMatchObject({ stage: "INITIAL_RESPONSE", opd: { code: "DINKES" } });
  });

  it("keeps running cases of a deactivated OPD workable", async () => {
    const c = await newCase();
    const atB = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).forwardToOpd;
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens.superuser);
    const acked = await ok(ts.app.url, Q.acknowledge, { id: atB.id, v: atB.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminB);
    expect(acked.acknowledgeComplaint.stage).toBe("ANALYSIS");
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: true }, city.tokens.superuser);
  });
});
