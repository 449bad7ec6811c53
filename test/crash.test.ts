import { afterAll, describe, expect, it } from "vitest";
import { caseAtConfirmation, caseAtInitialResponse } from "./support/cases.js";
import { makeEverythingDue, slaRecords } from "./support/due.js";
import { setupCity } from "./support/fixtures.js";
import { runServer } from "./support/process.js";
import { startTestServer, type TestServer } from "./support/server.js";

let ts: TestServer | undefined;
afterAll(() => ts?.stop());

describe("a crash while cases are due", () => {
  it("kill -9 mid-sweep; on restart the missed breaches are recorded once and no case is auto-closed twice", async () => {
    ts = await startTestServer();
    const city = await setupCity(ts);
    for (let i = 0; i < 6; i++) await caseAtInitialResponse(ts.app.url, city);
    for (let i = 0; i < 4; i++) await caseAtConfirmation(ts.app.url, city);
    await makeEverythingDue(ts.app.dataSource);
    await ts.pause();

    const first = runServer({ ...ts.env(), SLA_SWEEP_SECONDS: "1" });
    await first.waitFor("ready");
    first.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    const second = runServer({ ...ts.env(), SLA_SWEEP_SECONDS: "1" });
    await second.waitFor("ready");
    await new Promise((r) => setTimeout(r, 3_000));
    second.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    await ts.resume();
    const { alerts, autoCloses } = await slaRecords(ts.app.dataSource);
    expect(alerts).toHaveLength(12);
    expect(alerts.every((a) => a.stage === "INITIAL_RESPONSE" && a.n === 1)).toBe(true);
    expect(autoCloses).toEqual([1, 1, 1, 1]);
  });
});
