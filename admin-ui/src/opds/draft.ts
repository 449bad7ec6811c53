import type { CreateOpdMutationVariables, OpdRowFragment } from "../graphql/generated/graphql";
import { GraphQLFailure } from "../graphql/client";

export const MAX_CODE = 32;
export const MAX_NAME = 200;
export const MAX_SHORT_NAME = 60;

export interface OpdDraft {
  code: string;
  name: string;
  shortName: string;
  contactEmail: string;
  contactPhone: string;
}

/** The fields a problem is shown under (its `name`), and `codeTaken` for a code another OPD holds. */
export type OpdField = keyof OpdDraft;
export type OpdProblem = OpdField | "codeTaken";

const CODE = /^[A-Z0-9][A-Z0-9._-]*$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9 ().-]+$/;

export function emptyDraft(): OpdDraft {
  return { code: "", name: "", shortName: "", contactEmail: "", contactPhone: "" };
}

export function draftOf(opd: OpdRowFragment): OpdDraft {
  return {
    code: opd.code,
    name: opd.name,
    shortName: opd.shortName ?? "",
    contactEmail: opd.contactEmail ?? "",
    contactPhone: opd.contactPhone ?? "",
  };
}

/** The server's rules (`createOpd`, `updateOpd`), checked before sending so the form can say which field is wrong. */
export function draftProblems(draft: OpdDraft): OpdProblem[] {
  const problems: OpdProblem[] = [];
  const code = draft.code.trim().toUpperCase();
  if (!code || code.length > MAX_CODE || !CODE.test(code)) problems.push("code");
  const name = draft.name.trim();
  if (!name || name.length > MAX_NAME) problems.push("name");
  if (draft.shortName.trim().length > MAX_SHORT_NAME) problems.push("shortName");
  const email = draft.contactEmail.trim();
  if (email && (email.length > 254 || !EMAIL.test(email))) problems.push("contactEmail");
  const phone = draft.contactPhone.trim();
  const digits = phone.replace(/\D/g, "").length;
  if (phone && (phone.length > 30 || !PHONE.test(phone) || digits < 6 || digits > 15)) problems.push("contactPhone");
  return problems;
}

/** The mutation's variables: trimmed, the code in capitals, a blank optional field as null (the server clears it). */
export function opdVariables(draft: OpdDraft): CreateOpdMutationVariables {
  const blank = (v: string) => v.trim() || null;
  return {
    code: draft.code.trim().toUpperCase(),
    name: draft.name.trim(),
    shortName: blank(draft.shortName),
    contactEmail: blank(draft.contactEmail),
    contactPhone: blank(draft.contactPhone),
  };
}

/** A refusal that belongs under one field of the form (a taken code, a field the server found wrong), or null. */
export function problemOfRefusal(error: unknown): OpdProblem | "opdId" | null {
  if (!(error instanceof GraphQLFailure)) return null;
  const field = error.details.field;
  if (error.code === "CONFLICT" && field === "code") return "codeTaken";
  if (error.code === "NOT_FOUND" && field === "opdId") return "opdId";
  if (error.code === "VALIDATION" && typeof field === "string" && Object.hasOwn(emptyDraft(), field)) return field as OpdField;
  return null;
}
