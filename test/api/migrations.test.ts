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

/** The tables each migration creates; a migration that only changes existing tables creates none. */
const CREATES: Record<string, string[]> = {
  Initial1764201600000: [
    "app_user",
    "calendar_closure",
    "case_event",
    "complaint_case",
    "opd",
    "setting",
    "sla_alert",
    "sop_version",
    "stage_visit",
  ],
  DisplayToken1795824000000: ["display_token"],
  Outbox1795910400000: ["outbox"],
  ShareAndGuess1795996800000: ["case_share", "guess_attempt"],
  Location1796083200000: [],
  WorkingSeconds1796169600000: [],
  Attachment1796256000000: ["attachment"],
  ApiToken1796342400000: ["api_token", "api_token_use"],
  Open311Channel1796428800000: [],
  SweeperSilentIndex1796515200000: [],
  BoardOrderIndex1796601600000: [],
  IdentityNotify1796688000000: [],
  OpdNotify1796774400000: [],
  AdminChange1796860800000: ["admin_change"],
  Accounts1796947200000: ["user_session"],
  OpdContact1797033600000: [],
  CalendarEdits1797120000000: ["office_hours"],
  SopRevision1797206400000: ["sop_draft"],
  AssignmentAndNotes1797292800000: ["case_note"],
  AnswerTemplate1797379200000: ["answer_template"],
};

describe("migrations", () => {
  it("are applied at start, and each one's down undoes its up", async () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(Object.keys(CREATES)).toEqual(names);
    const all = Object.values(CREATES).flat().sort();
    expect(await tables()).toEqual(all);
    expect(await ts.app.dataSource.showMigrations()).toBe(false);
    let remaining = all;
    for (const name of [...names].reverse()) {
      await ts.app.dataSource.undoLastMigration();
      remaining = remaining.filter((t) => !CREATES[name].includes(t));
      expect(await tables(), `after undoing ${name}`).toEqual(remaining);
    }
    expect(remaining).toEqual([]);
    await ts.app.dataSource.runMigrations();
    expect(await tables()).toEqual(all);
    expect(await ts.app.dataSource.showMigrations()).toBe(false);
  });
});
