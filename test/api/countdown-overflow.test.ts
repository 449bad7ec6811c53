import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITY_SCOPE, Topic } from "../../server/src/realtime/pubsub.js";
import { MAX_QUEUED_COUNTDOWNS } from "../../server/src/sla/countdown.hub.js";
import { ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("SLA countdown subscribers that stop reading", () => {
  it("are ended through the fall-behind hook (the socket's 1013), not silently, and release their feed", async () => {
    const recorded = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LETTER" } }, city.tokens.instansi)).recordComplaint.case;
    const [row] = (await ts.app.dataSource.query(
      `SELECT id, tracking_number AS "trackingNumber", title, opd_id AS "opdId", stage, stage_entered_at AS "stageEnteredAt",
              stage_warn_at AS "stageWarnAt", stage_due_at AS "stageDueAt", sop_version AS "sopVersion"
         FROM complaint_case WHERE id = $1`,
      [recorded.id],
    )) as Record<string, unknown>[];
    const { countdowns, bus } = ts.app.services;
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
