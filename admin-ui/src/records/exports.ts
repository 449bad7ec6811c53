import type { CaseFilter } from "../graphql/generated/graphql";

export type ExportFormat = "csv" | "xlsx" | "json";
export type ExportPart = "cases" | "visits" | "events";

/** `/exports/cases.<format>?stage=&opdId=&channel=&text=&overdue=true&assignedToMe=true|unassigned=true[&part=]`: the board's filters as the export's. */
export function exportUrl(format: ExportFormat, filter: CaseFilter, part: ExportPart = "cases"): string {
  const q = new URLSearchParams();
  if (filter.stages?.length) q.set("stage", filter.stages.join(","));
  if (filter.opdId) q.set("opdId", String(filter.opdId));
  if (filter.channel) q.set("channel", filter.channel);
  if (filter.text?.trim()) q.set("text", filter.text.trim());
  if (filter.overdue) q.set("overdue", "true");
  if (filter.assignedToMe) q.set("assignedToMe", "true");
  else if (filter.unassigned) q.set("unassigned", "true");
  if (format === "csv" && part !== "cases") q.set("part", part);
  const query = q.toString();
  return `/exports/cases.${format}${query ? `?${query}` : ""}`;
}

/** Share done for a progress bar: CSV of cases counts rows against the announced total; other files have no known end. */
export function exportShare(format: ExportFormat, part: ExportPart, rows: number, total: number | null): number | null {
  if (format !== "csv" || part !== "cases" || total == null) return null;
  if (total === 0) return 1;
  return Math.min(1, rows / total);
}
