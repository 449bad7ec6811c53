import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/client.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, TEST_EPOCH, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let from: string;
let to: string;

const REPORT = `query($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!, $opd: ID) {
  complianceReport(from: $from, to: $to, groupBy: $groupBy, opdId: $opd) {
    groupBy
    rows { step role opd { code } month handled metCount onTimeShare medianWorkingHours p90WorkingHours breaches autoCloses avgRating }
    totals { step opd { code } handled metCount onTimeShare breaches autoCloses avgRating }
  }
}`;

type Row = Record<string, any>;

const report = async (groupBy: string[], token = city.tokens.instansi, extra: Record<string, unknown> = {}) =>
  (
    await ok<{ complianceReport: { groupBy: string[]; rows: Row[]; totals: Row } }>(
      ts.app.url,
      REPORT,
      { from, to, groupBy, ...extra },
      token,
    )
  ).complianceReport;

const rowOf = (rows: Row[], step: string, opd: string) => rows.find((r) => r.step === step && r.opd?.code === opd);

async function forwarded(opdId: string) {
  const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint;
  const f = (await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd: opdId }, city.tokens.instansi)).forwardToOpd;
  return { id: f.id as string, version: f.version as number, tn: r.trackingNumber as string, code: r.accessCode as string };
}

async function acknowledge(c: { id: string; version: number }, token: string) {
  return (await ok(ts.app.url, Q.acknowledge, { id: c.id, v: c.version, ir: "Diterima", rm: "Bahan" }, token)).acknowledgeComplaint;
}

async function delivered(token: { admin: string; liaison: string }, opdId: string) {
  const c = await forwarded(opdId);
  let x = await acknowledge(c, token.admin);
  x = (await ok(ts.app.url, Q.answer, { id: x.id, v: x.version, an: "A", ans: "Jawaban", who: "Kabid" }, token.liaison)).submitAnswer;
  x = (await ok(ts.app.url, Q.deliver, { id: x.id, v: x.version }, token.admin)).deliverAnswer;
  return { ...c, version: x.version as number };
}

// OPD A: ten visits at step 2, acknowledged after 1 h (4), 1.5 h (3) and 2.5 h (3, breached; the standard is 2 h).
// OPD B: two cases straight through to ACCEPT, rated 4 and 5.
beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  const b = { admin: city.tokens.adminB, liaison: city.tokens.liaisonB };
  for (const rating of [4, 5]) {
    const c = await delivered(b, city.opdB.id);
    await ok(ts.app.url, Q.accept, { tn: c.tn, code: c.code, v: c.version, rating }, undefined);
  }
  const a = [];
  for (let i = 0; i < 10; i++) a.push(await forwarded(city.opdA.id));
  await advanceHours(ts, city, 1);
  for (const c of a.slice(0, 4)) await acknowledge(c, city.tokens.adminA);
  await advanceHours(ts, city, 0.5);
  for (const c of a.slice(4, 7)) await acknowledge(c, city.tokens.adminA);
  await advanceHours(ts, city, 1);
  await ts.app.services.sweeper.sweepOnce();
  for (const c of a.slice(7)) await acknowledge(c, city.tokens.adminA);
  from = new Date(TEST_EPOCH - 3_600_000).toISOString();
  to = new Date(ts.clock.now().getTime() + 3_600_000).toISOString();
});
afterAll(() => ts?.stop());

describe("complianceReport", () => {
  it("counts a step's visits against its time standard, with working-hour percentiles and breaches", async () => {
    const r = await report(["STEP", "OPD"]);
    expect(r.groupBy).toEqual(["STEP", "OPD"]);
    const step2 = rowOf(r.rows, "INITIAL_RESPONSE", "DISKOPUKMP")!;
    expect(step2).toMatchObject({
      handled: 10,
      metCount: 7,
      onTimeShare: 0.7,
      breaches: 3,
      autoCloses: 0,
      avgRating: null,
      role: null,
      month: null,
    });
    expect(step2.medianWorkingHours).toBeCloseTo(1.5, 2);
    expect(step2.p90WorkingHours).toBeCloseTo(2.5, 2);
    expect(rowOf(r.rows, "DISPOSITION", "DISKOPUKMP")).toMatchObject({ handled: 10, metCount: 10, breaches: 0 });
    expect(rowOf(r.rows, "INITIAL_RESPONSE", "DINKES")).toMatchObject({ handled: 2, metCount: 2, onTimeShare: 1, breaches: 0 });
    expect(rowOf(r.rows, "CONFIRMATION", "DINKES")).toMatchObject({ handled: 2, avgRating: 4.5 });
    expect(rowOf(r.rows, "ANALYSIS", "DISKOPUKMP")).toBeUndefined();
    expect(r.rows).toHaveLength(7);
    expect(r.totals).toMatchObject({
      step: null,
      opd: null,
      handled: 30,
      metCount: 27,
      onTimeShare: 0.9,
      breaches: 3,
      autoCloses: 0,
      avgRating: 4.5,
    });
  });

  it("groups by the step's acting role and by the month in WITA", async () => {
    const byRole = await report(["ROLE"]);
    expect(byRole.rows.map((r) => [r.role, r.handled])).toEqual([
      ["ADMIN_INSTANSI", 12],
      ["ADMIN_OPD", 14],
      ["COMPLAINANT", 2],
      ["LIAISON", 2],
    ]);
    const byMonth = await report(["MONTH"]);
    expect(byMonth.rows).toMatchObject([{ month: "2026-11", handled: 30, step: null }]);
    const none = await report([], city.tokens.instansi, { from: to, to: new Date(Date.parse(to) + 3_600_000).toISOString() });
    expect(none.rows).toEqual([]);
    expect(none.totals).toMatchObject({ handled: 0, onTimeShare: null, avgRating: null });
  });

  it("keeps OPD roles to their own OPD; the Admin Instansi may pick any", async () => {
    const own = await report(["STEP"], city.tokens.adminA);
    expect(own.totals.handled).toBe(20);
    expect((await report(["STEP"], city.tokens.liaisonA, { opd: city.opdA.id })).totals.handled).toBe(20);
    expect(await errorCode(ts.app.url, REPORT, { from, to, groupBy: ["STEP"], opd: city.opdB.id }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, REPORT, { from, to, groupBy: ["STEP"] }, city.tokens.officerA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, REPORT, { from, to, groupBy: ["STEP"] })).toBe("UNAUTHENTICATED");
    expect((await report(["STEP"], city.tokens.instansi, { opd: city.opdB.id })).totals.handled).toBe(10);
    expect((await report(["STEP"], city.tokens.superuser)).totals.handled).toBe(30);
  });

  it("refuses a period that ends before it starts", async () => {
    expect(await errorCode(ts.app.url, REPORT, { from: to, to: from, groupBy: ["STEP"] }, city.tokens.instansi)).toBe("VALIDATION");
  });
});

describe("GET /reports/compliance.csv", () => {
  const csv = (params: Record<string, string>, token?: string) =>
    fetch(`${new URL(ts.app.url).origin}/reports/compliance.csv?${new URLSearchParams({ from, to, ...params })}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("is UTF-8 with a BOM, Indonesian headers and the query's numbers", async () => {
    const res = await csv({ groupBy: "STEP,OPD" }, city.tokens.instansi);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Langkah,OPD,Ditangani,Tepat waktu,% tepat waktu,Median jam kerja,P90 jam kerja,Pelanggaran,Tutup otomatis,Rata-rata penilaian",
    );
    expect(lines).toHaveLength(9);
    const step2 = lines.find((l) => l.startsWith("INITIAL_RESPONSE,DISKOPUKMP,"))!.split(",");
    expect(step2.slice(2, 5)).toEqual(["10", "7", "70.0"]);
    expect(Number(step2[5])).toBeCloseTo(1.5, 1);
    expect(Number(step2[6])).toBeCloseTo(2.5, 1);
    expect(step2.slice(7)).toEqual(["3", "0", ""]);
    expect(
      lines
        .find((l) => l.startsWith("CONFIRMATION,DINKES,"))!
        .split(",")
        .at(-1),
    ).toBe("4.50");
    expect(lines.at(-1)!.split(",").slice(0, 5)).toEqual(["Total", "", "30", "27", "90.0"]);
  });

  it("comes as XLSX too: the same numbers as number cells, the share as a percentage", async () => {
    const res = await fetch(
      `${new URL(ts.app.url).origin}/reports/compliance.xlsx?${new URLSearchParams({ from, to, groupBy: "STEP,OPD" })}`,
      {
        headers: { authorization: `Bearer ${city.tokens.instansi}` },
      },
    );
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows[0].slice(1, 6)).toEqual(["Langkah", "OPD", "Ditangani", "Tepat waktu", "% tepat waktu"]);
    const step2 = rows.find((r) => r[1] === "INITIAL_RESPONSE" && r[2] === "DISKOPUKMP")!;
    expect(step2.slice(3, 6)).toEqual([10, 7, 0.7]);
    expect(sheet.getCell(rows.indexOf(step2) + 1, 5).numFmt).toBe("0.0%");
    expect(rows.at(-1)!.slice(1, 6)).toEqual(["Total", "", 30, 27, 0.9]);
  });

  it("has the query's auth and validation", async () => {
    expect((await csv({ groupBy: "STEP" })).status).toBe(401);
    const other = await csv({ groupBy: "STEP", opdId: city.opdB.id }, city.tokens.adminA);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await csv({ groupBy: "STEP", from: to, to: from }, city.tokens.instansi)).status).toBe(400);
    expect((await csv({ groupBy: "WEEK" }, city.tokens.instansi)).status).toBe(400);
    const own = new TextDecoder().decode(await (await csv({ groupBy: "OPD" }, city.tokens.adminA)).arrayBuffer());
    expect(own.trimEnd().split("\r\n").slice(1)).toEqual([
      expect.stringMatching(/^DISKOPUKMP,20,17,/),
      expect.stringMatching(/^Total,20,17,/),
    ]);
  });
});

describe("auto-closes", () => {
  it("counts the visits the system closed", async () => {
    await delivered({ admin: city.tokens.adminB, liaison: city.tokens.liaisonB }, city.opdB.id);
    const start = ts.clock.now().toISOString();
    await advanceHours(ts, city, 14 * 24);
    await ts.app.services.sweeper.sweepOnce();
    const r = await report(["STEP"], city.tokens.instansi, {
      from: start,
      to: new Date(ts.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect(r.rows).toMatchObject([{ step: "CONFIRMATION", handled: 1, metCount: 0, autoCloses: 1, avgRating: null }]);
  });
});
