import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../server/src/db/data-source.js";
import { exportBackup, importBackup } from "../../server/src/records/backup.js";
import { generateCases } from "../../server/src/seed/generate-cases.js";
import { errorCode, ok } from "../support/client.js";
import { complaint, login, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let source: TestServer;
let target: TestServer;
let city: City;

async function backupOf(ts: TestServer): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await exportBackup(ts.app.dataSource, out, ts.clock.now());
  out.end();
  return Buffer.concat(chunks).toString("utf8");
}

const withoutStamp = (backup: string) => backup.replace(/"exportedAt":"[^"]+"/, '"exportedAt":"-"');

beforeAll(async () => {
  [source, target] = await Promise.all([startTestServer(), startTestServer()]);
  city = await setupCity(source);
  const url = source.app.url;
  const r = (await ok(url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint;
  let x = (await ok(url, Q.forward, { id: r.case.id, v: r.case.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
  x = (await ok(url, Q.acknowledge, { id: x.id, v: x.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA)).acknowledgeComplaint;
  x = (await ok(url, Q.answer, { id: x.id, v: x.version, an: "Analisis", ans: "Jawaban", who: "Kabid" }, city.tokens.liaisonA))
    .submitAnswer;
  x = (await ok(url, Q.deliver, { id: x.id, v: x.version }, city.tokens.adminA)).deliverAnswer;
  await ok(url, Q.accept, { tn: r.trackingNumber, code: r.accessCode, v: x.version, rating: 4, comment: "Terima kasih — cepat ditangani" });
  await errorCode(url, Q.publicCase, { tn: r.trackingNumber, code: "SALAH-SALAH-9" });
  await generateCases(source.app.dataSource, {
    count: 2_345,
    opdIds: [city.opdA.id, city.opdB.id],
    before: source.clock.now(),
    tag: "BAK",
  });
  await source.app.services.sweeper.sweepOnce();
  const made = await ok(
    url,
    `mutation { createApiToken(label: "Dasbor", role: LIAISON, opdId: "${city.opdA.id}", scopes: [CASES_READ, SLA_READ]) { token apiToken { id } } }`,
    {},
    city.tokens.instansi,
  );
  await ok(url, `query Cases { cases(first: 1) { totalCount } }`, {}, made.createApiToken.token);
  const uses = `query($id: ID!) { apiTokenUses(tokenId: $id) { edges { node { rootFields } } } }`;
  expect((await ok(url, uses, { id: made.createApiToken.apiToken.id }, city.tokens.instansi)).apiTokenUses.edges).toHaveLength(1);
}, 120_000);
afterAll(async () => {
  await source?.stop();
  await target?.stop();
});

describe("JSON backup of everything", () => {
  let backup: string;

  it("writes every table in key order between a header and an end line", async () => {
    backup = await backupOf(source);
    const lines = backup.trimEnd().split("\n");
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ format: "sop-desk-backup", version: 1 });
    expect(header.migrations.at(-1)).toBe(MIGRATIONS.at(-1)!.name);
    expect(header.sequences.map((s: { name: string }) => s.name)).toContain("complaint_tracking_seq");
    const end = JSON.parse(lines.at(-1)!);
    expect(end).toMatchObject({ end: true, rows: lines.length - 2 });
    const counts = (
      await source.app.dataSource.query(
        `SELECT (SELECT count(*) FROM complaint_case)::int AS cases, (SELECT count(*) FROM case_event)::int AS events, (SELECT count(*) FROM guess_attempt)::int AS guesses`,
      )
    )[0];
    expect(end.tables).toMatchObject({ complaint_case: counts.cases, case_event: counts.events, guess_attempt: counts.guesses });
    expect(counts.cases).toBe(2_346);
    expect(end.tables.case_event).toBeGreaterThan(2_000);
    const order = lines.slice(1, -1).map((l) => JSON.parse(l).t as string);
    expect(order.indexOf("opd")).toBeLessThan(order.indexOf("complaint_case"));
    expect(order.lastIndexOf("complaint_case")).toBeLessThan(order.indexOf("case_event"));
  });

  it("restores into a fresh database exactly: the same backup comes out of it, and the restored users can sign in", async () => {
    const summary = await importBackup(target.app.dataSource, Readable.from([backup]));
    expect(summary.rows).toBe(backup.trimEnd().split("\n").length - 2);
    expect(withoutStamp(await backupOf(target))).toBe(withoutStamp(backup));

    const token = await login(target.app.url, "instansi");
    const listed = await ok(target.app.url, `{ cases(first: 1) { totalCount } }`, {}, token);
    expect(listed.cases.totalCount).toBe(2_346);
    const next = (
      await ok(
        target.app.url,
        Q.record,
        { input: { title: "Baru", description: "Setelah pemulihan", anonymous: true, channel: "LETTER" } },
        token,
      )
    ).recordComplaint;
    const numbers = (await target.app.dataSource.query(
      `SELECT tracking_number FROM complaint_case WHERE tracking_number LIKE 'ADU-%' ORDER BY 1`,
    )) as { tracking_number: string }[];
    expect(numbers.at(-1)!.tracking_number).toBe(next.trackingNumber);
    expect(new Set(numbers.map((n) => n.tracking_number)).size).toBe(numbers.length);
  });

  it("refuses to restore over data, or a file cut short, and changes nothing", async () => {
    const before = await backupOf(target);
    await expect(importBackup(target.app.dataSource, Readable.from([backup]))).rejects.toMatchObject({ code: "CONFLICT" });
    const fresh = await startTestServer();
    try {
      const cut = backup.split("\n").slice(0, 100).join("\n");
      await expect(importBackup(fresh.app.dataSource, Readable.from([cut]))).rejects.toMatchObject({ code: "VALIDATION" });
      expect((await fresh.app.dataSource.query(`SELECT count(*)::int AS n FROM setting`))[0].n).toBeGreaterThan(0);
    } finally {
      await fresh.stop();
    }
    expect(withoutStamp(await backupOf(target))).toBe(withoutStamp(before));
  });
});
