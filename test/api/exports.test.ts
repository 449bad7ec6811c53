import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCases } from "../../server/src/seed/generate-cases.js";
import { EXPORT_BATCH } from "../../server/src/records/case-export.js";
import { ok } from "../support/client.js";
import { parseCsv } from "../support/csv.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
const GENERATED = 2 * EXPORT_BATCH + 103;
const TRICKY_TITLE = 'Jalan "Pangeran Suryanata", Loa Bakung — rusak;\nbiaya ± Rp 1.500.000 (kéterangan warga)';
let confidential: { id: string; tn: string };
let other: { id: string; tn: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, token?: string) => fetch(new URL(path, ts.app.url), { headers: token ? bearer(token) : {} });

async function csv(path: string, token: string) {
  const res = await get(path, token);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.subarray(3)));
  const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  return { total: Number(res.headers.get("x-export-total")), header, records, disposition: res.headers.get("content-disposition") };
}

const count = async (sql: string, params: unknown[] = []) => (await ts.app.dataSource.query(sql, params))[0].n as number;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  const record = async (input: Record<string, unknown>, opd: string) => {
    const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "WALK_IN", ...input } }, city.tokens.instansi))
      .recordComplaint;
    await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd }, city.tokens.instansi);
    return { id: r.case.id as string, tn: r.trackingNumber as string };
  };
  confidential = await record({ title: TRICKY_TITLE, confidential: true, complainantName: "Nur'aini Siregar" }, city.opdA.id);
  other = await record({ title: '=HYPERLINK("http://x")', complainantName: "Budi" }, city.opdB.id);
  await generateCases(ts.app.dataSource, { count: GENERATED, opdIds: [city.opdA.id, city.opdB.id], before: ts.clock.now(), tag: "EXP" });
}, 120_000);
afterAll(() => ts?.stop());

describe("case exports", () => {
  it("CSV: every case the Admin Instansi may see, across batches, UTF-8 with a BOM, tricky text intact, formulas defused", async () => {
    const all = await count(`SELECT count(*)::int AS n FROM complaint_case`);
    expect(all).toBe(GENERATED + 2);
    const out = await csv("/exports/cases.csv", city.tokens.instansi);
    expect(out.total).toBe(all);
    expect(out.records).toHaveLength(all);
    expect(new Set(out.records.map((r) => r["ID kasus"])).size).toBe(all);
    expect(out.disposition).toMatch(/^attachment; filename="kasus-\d{12}\.csv"$/);
    const mine = out.records.find((r) => r["Nomor pelacakan"] === confidential.tn)!;
    expect(mine).toMatchObject({ Judul: TRICKY_TITLE, Rahasia: "Ya", "Nama pengadu": "Nur'aini Siregar", OPD: "DISKOPUKMP" });
    expect(out.records.find((r) => r["Nomor pelacakan"] === other.tn)!.Judul).toBe('\'=HYPERLINK("http://x")');
    const received = out.records.map((r) => r["Diterima (WITA)"]);
    expect(received.every((t) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(t))).toBe(true);
    expect([...received].sort()).toEqual(received);
  });

  it("CSV for an OPD: its own cases only, confidential identities left out, filters as on the board", async () => {
    const own = await count(`SELECT count(*)::int AS n FROM complaint_case WHERE opd_id = $1`, [city.opdA.id]);
    const out = await csv("/exports/cases.csv", city.tokens.adminA);
    expect(out.records).toHaveLength(own);
    expect(out.records.every((r) => r.OPD === "DISKOPUKMP")).toBe(true);
    expect(out.records.find((r) => r["Nomor pelacakan"] === confidential.tn)!["Nama pengadu"]).toBe("");
    expect(out.records.filter((r) => r["Nama pengadu"] !== "").every((r) => r.Rahasia === "Tidak" && r.Anonim === "Tidak")).toBe(true);

    const filter = { stages: ["ANALYSIS", "DELIVERY"], channel: "LAPOR", overdue: true };
    const board = await ok(
      ts.app.url,
      `query($f: CaseFilter) { cases(filter: $f, first: 1) { totalCount } }`,
      { f: filter },
      city.tokens.adminA,
    );
    const filtered = await csv("/exports/cases.csv?stage=ANALYSIS,DELIVERY&channel=LAPOR&overdue=true", city.tokens.adminA);
    expect(filtered.records).toHaveLength(board.cases.totalCount);
    expect(filtered.records.length).toBeGreaterThan(0);
    expect(filtered.records.every((r) => ["ANALYSIS", "DELIVERY"].includes(r.Tahap) && r.Kanal === "LAPOR" && r.Terlambat === "Ya")).toBe(
      true,
    );
    const text = await csv(`/exports/cases.csv?text=${encodeURIComponent("Pangeran Suryanata")}`, city.tokens.adminA);
    expect(text.records.map((r) => r["Nomor pelacakan"])).toEqual([confidential.tn]);
  });

  it("CSV parts: the stage visits and the events of the same cases", async () => {
    const visits = await csv("/exports/cases.csv?part=visits", city.tokens.adminA);
    expect(visits.records).toHaveLength(
      await count(`SELECT count(*)::int AS n FROM stage_visit v JOIN complaint_case c ON c.id = v.case_id WHERE c.opd_id = $1`, [
        city.opdA.id,
      ]),
    );
    expect(visits.header.slice(0, 3)).toEqual(["Nomor pelacakan", "Tahap", "Putaran"]);
    const events = await csv("/exports/cases.csv?part=events", city.tokens.adminA);
    expect(events.records).toHaveLength(
      await count(`SELECT count(*)::int AS n FROM case_event e JOIN complaint_case c ON c.id = e.case_id WHERE c.opd_id = $1`, [
        city.opdA.id,
      ]),
    );
    expect(events.total).toBe(visits.total);
  });

  it("JSON: each case with its visits and events, as the database has them", async () => {
    const res = await get("/exports/cases.json", city.tokens.adminA);
    const doc = (await res.json()) as { format: string; total: number; cases: Record<string, any>[] };
    expect(doc.format).toBe("sop-desk-cases");
    expect(doc.cases).toHaveLength(doc.total);
    const c = doc.cases.find((x) => x.trackingNumber === confidential.tn)!;
    expect(c.complainant).toBeNull();
    expect(c.title).toBe(TRICKY_TITLE);
    expect(c.visits.map((v: { stage: string }) => v.stage)).toEqual(["DISPOSITION", "INITIAL_RESPONSE"]);
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(["SUBMIT", "FORWARD"]);
    const visits = doc.cases.reduce((n, x) => n + x.visits.length, 0);
    expect(visits).toBe(
      await count(`SELECT count(*)::int AS n FROM stage_visit v JOIN complaint_case c ON c.id = v.case_id WHERE c.opd_id = $1`, [
        city.opdA.id,
      ]),
    );
  });

  it("XLSX: a sheet each for cases, visits and events, dates as WITA date cells", async () => {
    const res = await get("/exports/cases.xlsx", city.tokens.instansi);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(["Kasus", "Kunjungan tahap", "Peristiwa"]);
    const cases = book.getWorksheet("Kasus")!;
    expect(cases.rowCount - 1).toBe(GENERATED + 2);
    const header = (cases.getRow(1).values as unknown[]).slice(1);
    const row = cases.getRows(2, cases.rowCount - 1)!.find((r) => r.getCell(1).value === confidential.tn)!;
    expect(row.getCell(header.indexOf("Judul") + 1).value).toBe(TRICKY_TITLE);
    const received = row.getCell(header.indexOf("Diterima (WITA)") + 1).value as Date;
    expect(received).toBeInstanceOf(Date);
    const dbReceived = (await ts.app.dataSource.query(`SELECT received_at FROM complaint_case WHERE id = $1`, [confidential.id]))[0]
      .received_at as Date;
    expect(received.getTime() - dbReceived.getTime()).toBe(8 * 3600_000);
    expect(book.getWorksheet("Peristiwa")!.rowCount - 1).toBe(await count(`SELECT count(*)::int AS n FROM case_event`));
  });

  it("refuses what it cannot do, with a code, and sends nothing else", async () => {
    const refusal = async (path: string, token?: string) => {
      const res = await get(path, token);
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    };
    expect(await refusal("/exports/cases.csv")).toEqual([401, "UNAUTHENTICATED"]);
    expect(await refusal("/exports/cases.pdf", city.tokens.instansi)).toEqual([400, "VALIDATION"]);
    expect(await refusal("/exports/cases.csv?stage=NOPE", city.tokens.instansi)).toEqual([400, "VALIDATION"]);
    expect(await refusal("/exports/cases.csv?part=all", city.tokens.instansi)).toEqual([400, "VALIDATION"]);
    expect(await refusal("/exports/cases.xlsx?part=visits", city.tokens.instansi)).toEqual([400, "VALIDATION"]);
    expect(await refusal("/exports/cases.csv?overdue=maybe", city.tokens.instansi)).toEqual([400, "VALIDATION"]);
    expect(await refusal("/exports/cases.csv?opdId=nope", city.tokens.instansi)).toEqual([400, "VALIDATION"]);
    expect(await refusal("/exports/kasus.csv", city.tokens.instansi)).toEqual([404, "NOT_FOUND"]);
  });
});
