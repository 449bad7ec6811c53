import { invalid } from "../errors.js";

/** The placeholders a template may hold, each filled from the case. */
export const PLACEHOLDERS = ["nomor", "judul", "opd", "tanggal_terima", "batas_waktu"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What a template is filled from. */
export interface TemplateCase {
  trackingNumber: string;
  title: string;
  opdName: string | null;
  receivedAt: Date;
  /** The deadline of the step the case is at; null once closed. */
  dueAt: Date | null;
}

// Anything between braces is a placeholder: a misspelt one is refused, never sent to a complainant as typed.
const BRACES = /\{([^{}]*)\}/g;
const NONE = "-";

const DATE = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Makassar", day: "numeric", month: "long", year: "numeric" });
const TIME = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Makassar", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** 7 Desember 2026 pukul 14.00 WITA */
const dateTime = (d: Date) => `${DATE.format(d)} pukul ${TIME.format(d)} WITA`;

/** The placeholders of `body` that are not among PLACEHOLDERS, each once, as written. */
export function unknownPlaceholders(body: string): string[] {
  const names = [...body.matchAll(BRACES)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !(PLACEHOLDERS as readonly string[]).includes(n)))];
}

/** VALIDATION on `field` naming every unknown placeholder. */
export function assertPlaceholders(field: string, body: string): void {
  const unknown = unknownPlaceholders(body);
  if (!unknown.length) return;
  const error = invalid(
    field,
    `unknown placeholder ${unknown.map((n) => `{${n}}`).join(", ")}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
  );
  error.details.unknownPlaceholders = unknown;
  throw error;
}

/** The body with each placeholder replaced by the case's value; dates in WITA, in Indonesian. */
export function fillTemplate(body: string, c: TemplateCase): string {
  const values: Record<Placeholder, string> = {
    nomor: c.trackingNumber,
    judul: c.title,
    opd: c.opdName ?? NONE,
    tanggal_terima: DATE.format(c.receivedAt),
    batas_waktu: c.dueAt ? dateTime(c.dueAt) : NONE,
  };
  return body.replace(BRACES, (whole, name: string) => values[name as Placeholder] ?? whole);
}
