import ExcelJS from "exceljs";
import type { Writable } from "node:stream";
import { WITA_OFFSET_MS, witaText } from "../sop/calendar.js";
import type { ExportBatch, ExportCase, ExportEvent, ExportPart, ExportVisit } from "./case-export.js";

export type Cell = string | number | boolean | Date | null;

interface Column<T> {
  header: string;
  value: (row: T) => Cell;
  width?: number;
}

const yesNo = (b: boolean | null) => (b == null ? null : b ? "Ya" : "Tidak");

const CASE_COLUMNS: Column<ExportCase>[] = [
  { header: "Nomor pelacakan", value: (c) => c.trackingNumber, width: 18 },
  { header: "ID SP4N-LAPOR!", value: (c) => c.laporTrackingId },
  { header: "Kanal", value: (c) => c.channel },
  { header: "Kategori", value: (c) => c.category },
  { header: "Judul", value: (c) => c.title, width: 40 },
  { header: "Uraian", value: (c) => c.description, width: 60 },
  { header: "Lokasi", value: (c) => c.location },
  { header: "OPD", value: (c) => c.opd?.code ?? null },
  { header: "Nama OPD", value: (c) => c.opd?.name ?? null, width: 30 },
  { header: "Tahap", value: (c) => c.stage },
  { header: "Putaran", value: (c) => c.round },
  { header: "Diterima (WITA)", value: (c) => c.receivedAt, width: 17 },
  { header: "Masuk tahap (WITA)", value: (c) => c.stageEnteredAt, width: 17 },
  { header: "Tenggat tahap (WITA)", value: (c) => c.stageDueAt, width: 17 },
  { header: "Terlambat", value: (c) => yesNo(c.overdue) },
  { header: "Ditutup (WITA)", value: (c) => c.closedAt, width: 17 },
  { header: "Ditutup oleh", value: (c) => c.closedByRole },
  { header: "Alasan penutupan", value: (c) => c.closingReason },
  { header: "Penilaian", value: (c) => c.rating },
  { header: "Komentar penilaian", value: (c) => c.ratingComment },
  { header: "Anonim", value: (c) => yesNo(c.anonymous) },
  { header: "Rahasia", value: (c) => yesNo(c.confidential) },
  { header: "Nama pengadu", value: (c) => c.complainant?.name ?? null },
  { header: "Kontak pengadu", value: (c) => c.complainant?.contact ?? null },
  { header: "ID kasus", value: (c) => c.id, width: 36 },
];

const VISIT_COLUMNS: Column<ExportVisit>[] = [
  { header: "Nomor pelacakan", value: (v) => v.trackingNumber, width: 18 },
  { header: "Tahap", value: (v) => v.stage },
  { header: "Putaran", value: (v) => v.round },
  { header: "Masuk (WITA)", value: (v) => v.enteredAt, width: 17 },
  { header: "Peringatan (WITA)", value: (v) => v.warnAt, width: 17 },
  { header: "Tenggat (WITA)", value: (v) => v.dueAt, width: 17 },
  { header: "Selesai (WITA)", value: (v) => v.doneAt, width: 17 },
  { header: "Hasil", value: (v) => v.outcome },
  { header: "Tepat waktu", value: (v) => yesNo(v.slaMet) },
  { header: "Jam kerja", value: (v) => (v.workingHours == null ? null : Math.round(v.workingHours * 100) / 100) },
];

const EVENT_COLUMNS: Column<ExportEvent>[] = [
  { header: "Nomor pelacakan", value: (e) => e.trackingNumber, width: 18 },
  { header: "Waktu (WITA)", value: (e) => e.at, width: 17 },
  { header: "Tindakan", value: (e) => e.action },
  { header: "Peran", value: (e) => e.actorRole },
  { header: "Pelaku", value: (e) => e.actorName },
  { header: "Dari tahap", value: (e) => e.fromStage },
  { header: "Ke tahap", value: (e) => e.toStage },
  { header: "Putaran", value: (e) => e.round },
  { header: "Versi", value: (e) => e.version },
  { header: "Masukan", value: (e) => JSON.stringify(e.inputs), width: 60 },
];

const SHEETS: { part: ExportPart; name: string }[] = [
  { part: "cases", name: "Kasus" },
  { part: "visits", name: "Kunjungan tahap" },
  { part: "events", name: "Peristiwa" },
];

function rowsOf(batch: ExportBatch, part: ExportPart): { columns: Column<never>[]; rows: unknown[] } {
  if (part === "cases") return { columns: CASE_COLUMNS as Column<never>[], rows: batch.cases };
  const byCase: Map<string, unknown[]> = part === "visits" ? batch.visits : batch.events;
  return {
    columns: (part === "visits" ? VISIT_COLUMNS : EVENT_COLUMNS) as Column<never>[],
    rows: batch.cases.flatMap((c) => byCase.get(c.id) ?? []),
  };
}

const columnsOf = (part: ExportPart): Column<never>[] =>
  (part === "cases" ? CASE_COLUMNS : part === "visits" ? VISIT_COLUMNS : EVENT_COLUMNS) as Column<never>[];

/** "2026-11-23 09:00" in WITA. */

function csvCell(value: Cell): string {
  if (value == null) return "";
  const text = value instanceof Date ? witaText(value) : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line, CRLF-ended, each cell quoted where needed and guarded against spreadsheet formulas. */
export const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** Resolves once the destination has room again; rejects when the client went away. */
function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      if (out.writableNeedDrain) reject(new Error("client went away"));
      else resolve();
    };
    out.on("drain", done);
    out.on("close", done);
  });
}

/** Writes and waits for room, so a slow client slows the reads instead of filling memory. */
export async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error("client went away");
  out.write(chunk);
  await drained(out);
}

/** Lets the zip reach the client before more rows are added (exceljs buffers what the client has not taken). */
async function settle(out: Writable): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (out.destroyed) throw new Error("client went away");
  await drained(out);
}

/** UTF-8 with a BOM so spreadsheets keep Indonesian text intact; one table per part. */
export async function writeCsv(out: Writable, part: ExportPart, batches: AsyncIterable<ExportBatch>): Promise<void> {
  await write(out, `\uFEFF${csvLine(columnsOf(part).map((c) => c.header))}`);
  for await (const batch of batches) {
    const { columns, rows } = rowsOf(batch, part);
    let chunk = "";
    for (const row of rows) chunk += csvLine(columns.map((c) => c.value(row as never)));
    await write(out, chunk);
  }
}

/** The cases as a JSON document, each with its visits, events and the staff's notes, written case by case. */
export async function writeJson(out: Writable, meta: Record<string, unknown>, batches: AsyncIterable<ExportBatch>): Promise<void> {
  await write(out, `{"format":"sop-desk-cases","version":1,${JSON.stringify(meta).slice(1, -1)},"cases":[`);
  let first = true;
  for await (const batch of batches) {
    let chunk = "";
    for (const c of batch.cases) {
      const visits = (batch.visits.get(c.id) ?? []).map(({ caseId: _c, trackingNumber: _t, ...v }) => v);
      const events = (batch.events.get(c.id) ?? []).map(({ caseId: _c, trackingNumber: _t, ...e }) => e);
      const notes = (batch.notes.get(c.id) ?? []).map(({ caseId: _c, ...n }) => n);
      chunk += `${first ? "\n" : ",\n"}${JSON.stringify({ ...c, visits, events, notes })}`;
      first = false;
    }
    await write(out, chunk);
  }
  await write(out, "\n]}\n");
}

/** One sheet per part, each written and committed in its own pass (a zip entry is written whole before the next). */
export async function writeXlsx(out: Writable, passes: (part: ExportPart) => AsyncIterable<ExportBatch>): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = "SOP complaint desk";
  for (const { part, name } of SHEETS) {
    const columns = columnsOf(part);
    const sheet = book.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const batch of passes(part)) {
      const { rows } = rowsOf(batch, part);
      for (const row of rows) {
        const values = columns.map((c) => {
          const v = c.value(row as never);
          return v instanceof Date ? new Date(v.getTime() + WITA_OFFSET_MS) : v;
        });
        const added = sheet.addRow(values);
        values.forEach((v, i) => {
          if (v instanceof Date) added.getCell(i + 1).numFmt = "yyyy-mm-dd hh:mm";
        });
        added.commit();
      }
      await settle(out);
    }
    sheet.commit();
  }
  await book.commit();
}
