import type { ComplianceRowViewFragment, ReportDimension } from "../graphql/generated/graphql";

const numbers = new Map<string, Intl.NumberFormat>();

function number(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === "en" ? "en-GB" : "id-ID", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numbers.set(key, f);
  }
  return f;
}

/** "66,7%" (id) / "66.7%" (en); "—" when there is nothing to divide. */
export const formatShare = (share: number | null | undefined, locale: string): string =>
  share == null ? "—" : `${number(locale, 1).format(share * 100)}%`;

/** Working hours with one decimal: "1,5". */
export const formatHours = (hours: number | null | undefined, locale: string): string =>
  hours == null ? "—" : number(locale, 1).format(hours);

export const formatRating = (rating: number | null | undefined, locale: string): string =>
  rating == null ? "—" : number(locale, 2).format(rating);

/** A row's identity from its dimensions, for keys. */
export const rowKey = (row: ComplianceRowViewFragment, groupBy: readonly ReportDimension[]): string =>
  groupBy
    .map((d) => (d === "STEP" ? row.step : d === "ROLE" ? row.role : d === "OPD" ? (row.opd?.id ?? "-") : row.month) ?? "-")
    .join("|") || "total";

export const DIMENSIONS: readonly ReportDimension[] = ["STEP", "ROLE", "OPD", "MONTH"];

/** Group-by from the URL: known dimensions in the order given, each once. */
export function parseGroupBy(value: unknown): ReportDimension[] {
  const parts = typeof value === "string" ? value.split(",") : [];
  const out: ReportDimension[] = [];
  for (const p of parts) {
    const d = p.trim().toUpperCase() as ReportDimension;
    if (DIMENSIONS.includes(d) && !out.includes(d)) out.push(d);
  }
  return out;
}

/** Rows in the SOP's step order where grouped by step, keeping the server's order otherwise. */
export function sortRows<T extends Pick<ComplianceRowViewFragment, "step">>(rows: readonly T[], stepOrder: readonly string[]): T[] {
  const rank = (r: T) => (r.step ? stepOrder.indexOf(r.step) : -1);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}
