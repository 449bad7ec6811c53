import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "./support/client.js";
import { complaint, login, Q, setupCity } from "./support/fixtures.js";
import { startTestServer, usingRealPostgres, type TestServer } from "./support/server.js";

let one: TestServer;
let two: TestServer;

const SOP = `query { sop { version steps { number time { label } } } }`;
const record = async (url: string, token: string) => {
  const c = (await ok(url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, token)).recordComplaint.case;
  const [{ sop_version }] = await one.app.dataSource.query(`SELECT sop_version FROM complaint_case WHERE id = $1`, [c.id]);
  return sop_version as number;
};

describe.skipIf(!usingRealPostgres())("an SOP revision on two replicas of one PostgreSQL, each on its own clock", () => {
  beforeAll(async () => {
    one = await startTestServer();
    await setupCity(one);
    two = await startTestServer({ replicaOf: one });
  });
  afterAll(async () => {
    await two?.stop();
    await one?.stop();
  });

  it("published on one with a later instant, is in force on the other from that instant, not before", async () => {
    const instansi = await login(one.app.url, "instansi");
    await ok(one.app.url, `mutation { openSopDraft { revision } }`, {}, instansi);
    const r = (
      await ok(
        one.app.url,
        `query { sopDraft { sop { number createdOn revisedOn effectiveOn approvedBy { position name nip } legalBasis qualifications
          relatedSops equipment warning records warningShare steps { number description requirements output remarks time { basis hours minHours } } } } }`,
        {},
        instansi,
      )
    ).sopDraft.sop;
    const input = {
      ...r,
      steps: r.steps.map((s: any) => ({
        number: s.number,
        description: s.description,
        requirements: s.requirements,
        output: s.output,
        remarks: s.remarks,
        basis: s.time.basis,
        hours: s.number === 2 ? 3 : s.time.hours,
        minHours: s.time.minHours,
      })),
    };
    await ok(
      one.app.url,
      `mutation($i: SopRevisionInput!) { updateSopDraft(expectedRevision: 1, revision: $i) { revision } }`,
      { i: input },
      instansi,
    );
    const instant = new Date(one.clock.now().getTime() + 2 * 3_600_000);
    await ok(
      one.app.url,
      `mutation($at: DateTimeISO) { publishSopDraft(expectedRevision: 2, effectiveAt: $at) { version } }`,
      { at: instant },
      instansi,
    );

    const onTwo = await login(two.app.url, "instansi");
    expect((await ok(two.app.url, SOP)).sop.version).toBe(1);
    expect(await record(two.app.url, onTwo)).toBe(1);

    two.clock.advanceHours((instant.getTime() - two.clock.now().getTime()) / 3_600_000);
    expect(two.clock.now().getTime() - instant.getTime()).toBeGreaterThanOrEqual(0);
    const later = await login(two.app.url, "instansi");
    expect(await record(two.app.url, later)).toBe(2);
    expect((await ok(two.app.url, SOP)).sop).toMatchObject({ version: 2, steps: [{}, { time: { label: "3 Jam" } }, {}, {}, {}] });
    expect(two.app.services.sops.current().version).toBe(2);
    // the publishing replica's clock is still before the instant: there, version 1 is in force
    expect((await ok(one.app.url, SOP)).sop.version).toBe(1);
    expect(await record(one.app.url, instansi)).toBe(1);
  });
});
