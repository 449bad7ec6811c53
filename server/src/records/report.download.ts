import ExcelJS from "exceljs";
import type { Request, Response } from "express";
import type { AuthService } from "../auth/auth.service.js";
import { invalid } from "../errors.js";
import { param, sendRefusal, staffOf } from "../auth/http.js";
import type { ReportService } from "./report.service.js";
import { ReportDimension, type ComplianceReport, type ComplianceRow } from "./report.types.js";

const DIMENSION_HEADERS: Record<ReportDimension, string> = {
  [ReportDimension.STEP]: "Langkah",
  [ReportDimension.ROLE]: "Peran",
  [ReportDimension.OPD]: "OPD",
  [ReportDimension.MONTH]: "Bulan",
};

const METRIC_HEADERS = [
  "Ditangani",
  "Tepat waktu",
  "% tepat waktu",
  "Median jam kerja",
  "P90 jam kerja",
  "Pelanggaran",
  "Tutup otomatis",
  "Rata-rata penilaian",
];

const fixed = (n: number | null, digits: number) => (n == null ? "" : n.toFixed(digits));

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function dimension(row: ComplianceRow, d: ReportDimension): string {
  if (d === ReportDimension.STEP) return row.step ?? "";
  if (d === ReportDimension.ROLE) return row.role ?? "";
  if (d === ReportDimension.OPD) return row.opd?.code ?? "";
  return row.month ?? "";
}

function metrics(row: ComplianceRow): string[] {
  return [
    String(row.handled),
    String(row.metCount),
    fixed(row.onTimeShare == null ? null : row.onTimeShare * 100, 1),
    fixed(row.medianWorkingHours, 2),
    fixed(row.p90WorkingHours, 2),
    String(row.breaches),
    String(row.autoCloses),
    fixed(row.avgRating, 2),
  ];
}

/** The report as CSV: UTF-8 with a BOM (so spreadsheets read it as UTF-8), Indonesian headers, the totals last. */
export function complianceCsv(report: ComplianceReport): string {
  const lines = [[...report.groupBy.map((d) => DIMENSION_HEADERS[d]), ...METRIC_HEADERS]];
  for (const row of report.rows) lines.push([...report.groupBy.map((d) => dimension(row, d)), ...metrics(row)]);
  lines.push([...report.groupBy.map((_d, i) => (i === 0 ? "Total" : "")), ...metrics(report.totals)]);
  return `\uFEFF${lines.map((l) => l.map(cell).join(",")).join("\r\n")}\r\n`;
}

function dimensions(value: string | null): ReportDimension[] {
  if (!value) return [];
  return value.split(",").map((d) => {
    const name = d.trim().toUpperCase();
    if (!(Object.values(ReportDimension) as string[]).includes(name)) throw invalid("groupBy", `unknown dimension ${d}`);
    return name as ReportDimension;
  });
}

/** The same table as a one-sheet workbook: numbers as numbers, the share as a percentage cell. */
export async function complianceXlsx(report: ComplianceReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "SOP complaint desk";
  const sheet = book.addWorksheet("Kepatuhan Mutu Baku", { views: [{ state: "frozen", ySplit: 1 }] });
  const dims = report.groupBy.map((d) => DIMENSION_HEADERS[d]);
  sheet.columns = [...dims, ...METRIC_HEADERS].map((header) => ({ header, width: Math.max(12, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  const numbers = (row: ComplianceRow) => [
    row.handled,
    row.metCount,
    row.onTimeShare,
    row.medianWorkingHours,
    row.p90WorkingHours,
    row.breaches,
    row.autoCloses,
    row.avgRating,
  ];
  for (const row of report.rows) sheet.addRow([...report.groupBy.map((d) => dimension(row, d)), ...numbers(row)]);
  const total = sheet.addRow([...report.groupBy.map((_d, i) => (i === 0 ? "Total" : "")), ...numbers(report.totals)]);
  total.font = { bold: true };
  const at = dims.length;
  sheet.getColumn(at + 3).numFmt = "0.0%";
  for (const i of [4, 5, 8]) sheet.getColumn(at + i).numFmt = "0.00";
  return Buffer.from(await book.xlsx.writeBuffer());
}

const DOWNLOADS = {
  csv: { type: "text/csv; charset=utf-8", body: async (r: ComplianceReport) => complianceCsv(r) },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: complianceXlsx },
} as const;

/** GET /reports/compliance.csv|xlsx?from=&to=&groupBy=STEP,OPD&opdId= with a Bearer token: the complianceReport query as a download. */
export function complianceDownloadRoute(auth: AuthService, reports: ReportService, format: keyof typeof DOWNLOADS) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const viewer = await staffOf(auth, req, "complianceDownload");
      const report = await reports.compliance(viewer, {
        from: new Date(param(req, "from") ?? "invalid"),
        to: new Date(param(req, "to") ?? "invalid"),
        groupBy: dimensions(param(req, "groupBy")),
        opdId: param(req, "opdId"),
      });
      const { type, body } = DOWNLOADS[format];
      res
        .status(200)
        .type(type)
        .attachment(`kepatuhan-mutu-baku.${format}`)
        .send(await body(report));
    } catch (e) {
      sendRefusal(res, e);
    }
  };
}
