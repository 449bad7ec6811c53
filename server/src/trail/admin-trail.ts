import type { EntityManager } from "typeorm";

/** Who made a change: a staff account, or the desk itself (setup, a migration of data). */
export interface TrailActor {
  userId: string | null;
  username: string;
}

export const SYSTEM_ACTOR: TrailActor = { userId: null, username: "system" };

/** What a subject of the trail is: the page filters by it. */
export type TrailSubject = "USER" | "OPD" | "SOP_VERSION" | "CALENDAR" | "API_TOKEN" | "DISPLAY_TOKEN" | "ANSWER_TEMPLATE";

export interface TrailEntry {
  actor: TrailActor;
  at: Date;
  /** What was done, e.g. "USER_DEACTIVATED", "SOP_PUBLISHED". */
  action: string;
  subjectType: TrailSubject;
  subjectId: string;
  /** One line a clerk reads, e.g. "siti (Admin OPD, DISKOPUKMP)". */
  summary: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Keys never kept in the trail, at any depth: a password, a hash, a secret is recorded as changed, never as its value (a yes/no flag such as mustChangePassword is no secret). */
const SECRET = /password|hash|secret|token$|^otp/i;
export const REDACTED = "[disembunyikan]";

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) && typeof v !== "boolean" ? REDACTED : redact(v)]));
  }
  return value;
}

/** Appends one change inside the caller's transaction: the change and its record commit together or not at all. */
export async function recordChange(m: EntityManager, entry: TrailEntry): Promise<void> {
  const json = (v: Record<string, unknown> | null | undefined) => (v == null ? null : JSON.stringify(redact(v)));
  await m.query(
    `INSERT INTO admin_change (at, actor_user_id, actor_name, action, subject_type, subject_id, summary, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    [
      entry.at,
      entry.actor.userId,
      entry.actor.username,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      entry.summary,
      json(entry.before),
      json(entry.after),
    ],
  );
}
