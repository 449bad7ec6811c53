import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts?.stop());

const tables = async () =>
  (
    await ts.app.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    )
  ).map((r: { table_name: string }) => r.table_name);

describe("migrations", () => {
  it("are applied at start, and each one's down undoes its up", async () => {
    expect(await tables()).toEqual(["app_user", "calendar_closure", "case_event", "complaint_case", "opd", "setting", "sla_alert", "sop_version", "stage_visit"]);
    expect(await ts.app.dataSource.showMigrations()).toBe(false);
    await ts.app.dataSource.undoLastMigration();
    expect(await tables()).toEqual([]);
    await ts.app.dataSource.runMigrations();
    expect(await tables()).toHaveLength(9);
  });
});
