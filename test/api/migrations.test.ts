import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../server/src/db/data-source.js";
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
    const all = [
      "api_token",
      "api_token_use",
      "app_user",
      "attachment",
      "calendar_closure",
      "case_event",
      "case_share",
      "complaint_case",
      "display_token",
      "guess_attempt",
      "opd",
      "outbox",
      "setting",
      "sla_alert",
      "sop_version",
      "stage_visit",
    ];
    expect(await tables()).toEqual(all);
    expect(await ts.app.dataSource.showMigrations()).toBe(false);
    const beforeApiTokens = all.filter((t) => t !== "api_token" && t !== "api_token_use");
    const beforeAttachments = beforeApiTokens.filter((t) => t !== "attachment");
    const beforeShares = beforeAttachments.filter((t) => t !== "case_share" && t !== "guess_attempt");
    const beforeOutbox = beforeShares.filter((t) => t !== "outbox");
    const afterUndo = [
      all,
      all,
      all,
      all,
      all,
      beforeApiTokens,
      beforeAttachments,
      beforeAttachments,
      beforeAttachments,
      beforeShares,
      beforeOutbox,
      beforeOutbox.filter((t) => t !== "display_token"),
      [],
    ];
    expect(afterUndo).toHaveLength(MIGRATIONS.length);
    for (const expected of afterUndo) {
      await ts.app.dataSource.undoLastMigration();
      expect(await tables()).toEqual(expected);
    }
    await ts.app.dataSource.runMigrations();
    expect(await tables()).toEqual(all);
    expect(await ts.app.dataSource.showMigrations()).toBe(false);
  });
});
