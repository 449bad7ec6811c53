import type { ApiScope, CreateApiTokenMutationVariables, Role } from "../graphql/generated/graphql";

/** The roles an API token may hold: the city-wide Admin Instansi, or an OPD role of one OPD. */
export const TOKEN_ROLES = ["ADMIN_INSTANSI", "ADMIN_OPD", "LIAISON"] as const satisfies readonly Role[];
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Every scope, in the order the form lists them. */
export const API_SCOPES = ["CASES_READ", "SLA_READ", "ACT", "SCHEMA_READ", "OPEN311_SUBMIT"] as const satisfies readonly ApiScope[];

export const MIN_DAYS = 1;
export const MAX_DAYS = 365;
export const DEFAULT_DAYS = 90;
export const MAX_LABEL = 80;

export interface ApiTokenDraft {
  label: string;
  role: TokenRole;
  /** "" when none is chosen. */
  opdId: string;
  scopes: ApiScope[];
  /** As the number input gives it: a number, or "" while empty. */
  days: number | string;
}

/** What stops a draft from being sent; each names the message under its field. */
export type DraftProblem = "label" | "opdRequired" | "opdForbidden" | "scopes" | "days";

export function emptyDraft(): ApiTokenDraft {
  return { label: "", role: "LIAISON", opdId: "", scopes: ["CASES_READ"], days: DEFAULT_DAYS };
}

/** An OPD role acts for one OPD; the Admin Instansi role is city-wide and has none. */
export const needsOpd = (role: TokenRole): boolean => role !== "ADMIN_INSTANSI";

/** The same rules the server applies (`createApiToken`), checked before sending so the form can say which field is wrong. */
export function draftProblems(draft: ApiTokenDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const label = draft.label.trim();
  if (!label || label.length > MAX_LABEL) problems.push("label");
  if (needsOpd(draft.role) && !draft.opdId) problems.push("opdRequired");
  if (!needsOpd(draft.role) && draft.opdId) problems.push("opdForbidden");
  if (!draft.scopes.length) problems.push("scopes");
  const days = Number(draft.days);
  if (draft.days === "" || !Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) problems.push("days");
  return problems;
}

/** The mutation's variables of a draft without problems; throws otherwise. */
export function createVariables(draft: ApiTokenDraft): CreateApiTokenMutationVariables {
  const problems = draftProblems(draft);
  if (problems.length) throw new Error(`API token draft not ready: ${problems.join(", ")}`);
  return {
    label: draft.label.trim(),
    role: draft.role,
    opdId: needsOpd(draft.role) ? draft.opdId : null,
    scopes: API_SCOPES.filter((s) => draft.scopes.includes(s)),
    days: Number(draft.days),
  };
}
