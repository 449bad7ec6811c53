import type { AdminTrailFilter, TrailSubjectType } from "../graphql/generated/graphql";
import { dayStart, daysPeriod, isDay } from "../reports/period";

/** Every kind of subject, in the order the filter lists them. */
export const SUBJECT_TYPES = [
  "USER",
  "OPD",
  "SOP_VERSION",
  "CALENDAR",
  "API_TOKEN",
  "DISPLAY_TOKEN",
  "ANSWER_TEMPLATE",
] as const satisfies readonly TrailSubjectType[];

/** The page's filter form: days are WITA calendar days ("2026-11-23"), "" when not set. */
export interface TrailForm {
  subjectType: TrailSubjectType | "";
  subjectId: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

export const emptyForm = (): TrailForm => ({ subjectType: "", subjectId: "", actor: "", action: "", from: "", to: "" });

/** Whether the end day comes before the start day (the server would refuse it). */
export const periodReversed = (form: TrailForm): boolean => isDay(form.from) && isDay(form.to) && form.to < form.from;

/** The form as the query's filter: whole WITA days, the last one included. */
export function trailFilter(form: TrailForm): AdminTrailFilter {
  const filter: AdminTrailFilter = {};
  if (form.subjectType) filter.subjectType = form.subjectType;
  if (form.subjectId.trim()) filter.subjectId = form.subjectId.trim();
  if (form.actor.trim()) filter.actor = form.actor.trim();
  if (form.action) filter.action = form.action;
  if (isDay(form.from)) filter.from = dayStart(form.from).toISOString();
  if (isDay(form.to)) filter.to = daysPeriod(form.to, form.to).to.toISOString();
  return filter;
}

/** `/exports/admin-trail.<format>?…`: the same filter as the page's, for the download. */
export function trailExportUrl(format: "csv" | "json", filter: AdminTrailFilter): string {
  const q = new URLSearchParams();
  for (const key of ["subjectType", "subjectId", "actor", "action", "from", "to"] as const) {
    const value = filter[key];
    if (value) q.set(key, String(value));
  }
  const query = q.toString();
  return `/exports/admin-trail.${format}${query ? `?${query}` : ""}`;
}

/** The form from the page's address (`?subjectType=OPD&subjectId=…`), e.g. an OPD's "history" link. */
export function formOfQuery(query: Record<string, unknown>): TrailForm {
  const form = emptyForm();
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const type = text(query.subjectType);
  if ((SUBJECT_TYPES as readonly string[]).includes(type)) form.subjectType = type as TrailSubjectType;
  form.subjectId = text(query.subjectId);
  form.actor = text(query.actor);
  form.action = /^[A-Z][A-Z0-9_]*$/.test(text(query.action)) ? text(query.action) : "";
  form.from = isDay(query.from) ? (query.from as string) : "";
  form.to = isDay(query.to) ? (query.to as string) : "";
  return form;
}

/** The form as the page's address, so a filtered trail can be reloaded and shared. */
export function queryOfForm(form: TrailForm): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === "string" && v.trim() !== "")) as Record<string, string>;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** How a changed value reads, before the console's words: "yes"/"no", a time, a role, scopes, a template's use, or the text as it is. */
export type ValueShape =
  | { kind: "empty" }
  | { kind: "boolean"; value: boolean }
  | { kind: "instant"; value: string }
  | { kind: "role"; value: string }
  | { kind: "scopes"; value: string[] }
  | { kind: "templateUse"; value: string }
  | { kind: "text"; value: string };

export function valueShape(field: string, value: string | null): ValueShape {
  if (value === null || value === "") return { kind: "empty" };
  if (value === "true" || value === "false") return { kind: "boolean", value: value === "true" };
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return { kind: "instant", value };
  if (field === "role" || field.endsWith(".role")) return { kind: "role", value };
  if (field === "scopes") return { kind: "scopes", value: value.split(", ") };
  if (field === "use") return { kind: "templateUse", value };
  return { kind: "text", value };
}
