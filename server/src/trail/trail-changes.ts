/** One field of a trail entry that differs between before and after, each side as text (null when absent or null). */
export interface FieldChange {
  /** The field's name; a nested object's fields are named by their path, e.g. `header.number`. */
  field: string;
  before: string | null;
  after: string | null;
}

type Flat = Map<string, unknown>;

function flatten(value: Record<string, unknown> | null | undefined, prefix = "", into: Flat = new Map()): Flat {
  for (const [key, v] of Object.entries(value ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, path, into);
    else into.set(path, v);
  }
  return into;
}

/** A stored value as a clerk reads it: text as is, a list of plain values joined with commas, anything else as JSON. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v))) {
    return value.map((v) => String(v)).join(", ");
  }
  return JSON.stringify(value);
}

/**
 * The fields that changed between a stored before and after, in the order they come (before's
 * fields, then the ones only after has; jsonb keeps an object's keys shortest first). A creation lists every field of after, a removal
 * every field of before. A redacted value reads as its placeholder on either side, so a secret
 * that was set where there was none shows as changed, never as its value.
 */
export function fieldChanges(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields.flatMap((field) => {
    const from = asText(a.get(field));
    const to = asText(b.get(field));
    return from === to ? [] : [{ field, before: from, after: to }];
  });
}
