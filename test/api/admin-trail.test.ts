import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordChange, redact, REDACTED, SYSTEM_ACTOR } from "../../server/src/trail/admin-trail.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts?.stop());

describe("the administration trail", () => {
  it("keeps no password, hash or secret, at any depth", () => {
    expect(
      redact({ username: "siti", passwordHash: "x", nested: { secret: "s", apiToken: "t", label: "ok" }, list: [{ password: "p" }] }),
    ).toEqual({
      username: "siti",
      passwordHash: REDACTED,
      nested: { secret: REDACTED, apiToken: REDACTED, label: "ok" },
      list: [{ password: REDACTED }],
    });
  });

  it("is append-only: a row can be added, never changed, deleted or truncated", async () => {
    const ds = ts.app.dataSource;
    await ds.transaction((m) =>
      recordChange(m, {
        actor: SYSTEM_ACTOR,
        at: ts.clock.now(),
        action: "OPD_CREATED",
        subjectType: "OPD",
        subjectId: "probe",
        summary: "probe",
        after: { code: "PROBE", password: "never" },
      }),
    );
    const [row] = await ds.query(`SELECT actor_name, after FROM admin_change WHERE subject_id = 'probe'`);
    expect(row).toEqual({ actor_name: "system", after: { code: "PROBE", password: REDACTED } });
    await expect(ds.query(`UPDATE admin_change SET summary = 'x' WHERE subject_id = 'probe'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM admin_change WHERE subject_id = 'probe'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE admin_change`)).rejects.toThrow(/append-only/);
    expect((await ds.query(`SELECT count(*)::int AS n FROM admin_change WHERE subject_id = 'probe'`))[0].n).toBe(1);
  });
});
