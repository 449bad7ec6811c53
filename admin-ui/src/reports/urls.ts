import type { ReportDimension } from "../graphql/generated/graphql";
import type { Period } from "./period";

export interface ReportParams extends Period {
  groupBy: readonly ReportDimension[];
  opdId: string | null;
}

/** `/reports/compliance.csv?from=&to=&groupBy=STEP,OPD&opdId=` (or .xlsx): the report the page shows, as a file. */
export function complianceFileUrl(format: "csv" | "xlsx", p: ReportParams): string {
  const q = new URLSearchParams({ from: p.from.toISOString(), to: p.to.toISOString(), groupBy: p.groupBy.join(",") });
  if (p.opdId) q.set("opdId", p.opdId);
  return `/reports/compliance.${format}?${q}`;
}
