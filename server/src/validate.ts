import { invalid } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Limits on free text, so one request cannot store a novel. */
export const MAX = { short: 200, reason: 2_000, long: 10_000 } as const;

/** Trimmed, non-empty, at most `max` characters. */
export function text(field: string, value: string | null | undefined, max: number): string {
  const v = (value ?? "").trim();
  if (!v) throw invalid(field, "is required");
  if (v.includes("\u0000")) throw invalid(field, "contains a NUL character");
  if (v.length > max) throw invalid(field, `is longer than ${max} characters`);
  return v;
}

/** Like text(), but absent or blank is null. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  return (value ?? "").trim() ? text(field, value, max) : null;
}

export function uuid(field: string, value: string): string {
  if (!UUID.test(value)) throw invalid(field, "is not a valid id");
  return value.toLowerCase();
}

export function intInRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(field, `must be a whole number from ${min} to ${max}`);
  return value;
}
