import { GraphQLFailure } from "../graphql/client";
import type { Role, TemplateRowFragment, TemplateUse } from "../graphql/generated/graphql";

/** The uses in the SOP's order of steps, as the filter and the form list them. */
export const TEMPLATE_USES = [
  "REJECTION",
  "INITIAL_RESPONSE",
  "ANSWER",
  "DELIVERED_ANSWER",
  "CLOSING",
] as const satisfies readonly TemplateUse[];

/** The placeholders the server fills (`createAnswerTemplate`'s body), in the order the form offers them. */
export const PLACEHOLDERS = ["nomor", "judul", "opd", "tanggal_terima", "batas_waktu"] as const;

export const MAX_NAME = 200;
/** A reason is held to the length the SOP action takes it at. */
export const maxBody = (use: TemplateUse | ""): number => (use === "REJECTION" || use === "CLOSING" ? 2_000 : 10_000);

export interface TemplateDraft {
  name: string;
  use: TemplateUse | "";
  body: string;
}

export type TemplateProblem = "name" | "nameTaken" | "use" | "body" | "placeholders";

export const emptyDraft = (): TemplateDraft => ({ name: "", use: "", body: "" });

export const draftOf = (t: TemplateRowFragment): TemplateDraft => ({ name: t.name, use: t.use, body: t.body });

/** The server's length and presence rules, checked before sending; placeholders are the server's to judge. */
export function draftProblems(draft: TemplateDraft): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const name = draft.name.trim();
  if (!name || name.length > MAX_NAME) problems.push("name");
  if (!draft.use) problems.push("use");
  const body = draft.body.trim();
  if (!body || body.length > maxBody(draft.use)) problems.push("body");
  return problems;
}

/** A refusal that belongs under one field: a taken name, unknown placeholders (with their names), a field the server found wrong. */
export function problemOfRefusal(error: unknown): { problem: TemplateProblem; names?: string[] } | null {
  if (!(error instanceof GraphQLFailure)) return null;
  const unknown = error.details.unknownPlaceholders;
  if (error.code === "CONFLICT" && error.field === "name") return { problem: "nameTaken" };
  if (error.code !== "VALIDATION") return null;
  if (Array.isArray(unknown)) return { problem: "placeholders", names: unknown.map(String) };
  return error.field === "name" || error.field === "use" || error.field === "body" ? { problem: error.field } : null;
}

/** Who may change a template: an OPD's own by its Admin OPD, a city-wide one by the Admin Instansi or the superuser. */
export function mayManage(viewer: { role: Role; opd?: { id: string } | null } | null, opdId: string | null): boolean {
  if (!viewer) return false;
  if (opdId === null) return viewer.role === "ADMIN_INSTANSI" || viewer.role === "SUPERUSER";
  return viewer.role === "ADMIN_OPD" && viewer.opd?.id === opdId;
}

/** The text with `{name}` put in place of the selection from `start` to `end`, and where the cursor goes after it. */
export function insertPlaceholder(text: string, start: number, end: number, name: string): { text: string; cursor: number } {
  const token = `{${name}}`;
  return { text: `${text.slice(0, start)}${token}${text.slice(end)}`, cursor: start + token.length };
}
