import type { DataSource } from "typeorm";
import { forbidden, invalid } from "../errors.js";
import { cursorPart, decodeCursor, encodeCursor, type Page } from "../db/cursor.js";
import { requireRole, type StaffViewer } from "../auth/viewer.js";
import { Role } from "../sop/sop.definition.js";
import { fieldChanges } from "../trail/trail-changes.js";
import { intInRange, text } from "../validate.js";
import { TrailSubjectType, type AdminChange, type AdminTrailFilter } from "./admin-trail.types.js";

/** Entries read per statement of an export: memory stays bounded by this, whatever the total. */
export const TRAIL_EXPORT_BATCH = 500;

const READERS = [Role.SUPERUSER, Role.ADMIN_INSTANSI];
const ACTION = /^[A-Z][A-Z0-9_]*$/;

/** A filter checked: every part optional, all given parts must hold. */
export interface TrailFilter {
  subjectType: TrailSubjectType | null;
  subjectId: string | null;
  actor: string | null;
  action: string | null;
  from: Date | null;
  to: Date | null;
}

type Row = Record<string, unknown>;

/** The superuser and the Admin Instansi, as staff; never an API token, whatever its role. */
function requireReader(viewer: StaffViewer | null): StaffViewer {
  const reader = requireRole(viewer, ...READERS);
  if (reader.token) throw forbidden("An API token cannot read the administration trail");
  return reader;
}

/** The filter as given (GraphQL input or query string), checked; VALIDATION names the part that is wrong. */
export function trailFilter(input: AdminTrailFilter | null | undefined): TrailFilter {
  const f = input ?? {};
  const subjectType = f.subjectType ?? null;
  if (subjectType !== null && !(Object.values(TrailSubjectType) as string[]).includes(subjectType)) {
    throw invalid("subjectType", `must be one of ${Object.values(TrailSubjectType).join(", ")}`);
  }
  const action = f.action == null || !f.action.trim() ? null : text("action", f.action, 64).toUpperCase();
  if (action !== null && !ACTION.test(action)) throw invalid("action", "is an UPPER_SNAKE name, e.g. OPD_UPDATED");
  const from = f.from ?? null;
  const to = f.to ?? null;
  for (const [field, at] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (at !== null && Number.isNaN(at.getTime())) throw invalid(field, "is not an instant");
  }
  if (from && to && from >= to) throw invalid("to", "must be after from");
  return {
    subjectType,
    subjectId: f.subjectId == null || !f.subjectId.trim() ? null : text("subjectId", f.subjectId, 200),
    actor: f.actor == null || !f.actor.trim() ? null : text("actor", f.actor, 64).toLowerCase(),
    action,
    from,
    to,
  };
}

/** The administration trail as its readers see it: listed newest first, counted and exported oldest first. */
export class AdminTrailService {
  constructor(private readonly ds: DataSource) {}

  /** Newest first, continued after a cursor from the same list. */
  async list(viewer: StaffViewer | null, filter: TrailFilter, first: number, after?: string | null): Promise<Page<AdminChange>> {
    requireReader(viewer);
    const limit = intInRange("first", first, 1, 200);
    const params: unknown[] = [];
    let where = whereOf(filter, params);
    if (after) {
      const [at, id] = decodeCursor<[string, string]>(after, [cursorPart.instant, cursorPart.serial]);
      params.push(at, id);
      where += ` AND (c.at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
    }
    params.push(limit + 1);
    const rows = await this.read(where, "DESC", params);
    const nodes = rows.slice(0, limit);
    return { nodes, cursors: nodes.map((e) => encodeCursor(e.at, e.id)), hasNextPage: rows.length > limit };
  }

  async count(viewer: StaffViewer | null, filter: TrailFilter): Promise<number> {
    requireReader(viewer);
    const params: unknown[] = [];
    const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM admin_change c WHERE ${whereOf(filter, params)}`, params)) as {
      n: number;
    }[];
    return n;
  }

  /** Oldest first, in keyset batches, for an export. */
  async *batches(viewer: StaffViewer | null, filter: TrailFilter): AsyncGenerator<AdminChange[]> {
    requireReader(viewer);
    let after: [Date, string] | null = null;
    for (;;) {
      const params: unknown[] = [];
      let where = whereOf(filter, params);
      if (after) {
        params.push(after[0], after[1]);
        where += ` AND (c.at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
      }
      params.push(TRAIL_EXPORT_BATCH);
      const rows = await this.read(where, "ASC", params);
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      after = [last.at, last.id];
      if (rows.length < TRAIL_EXPORT_BATCH) return;
    }
  }

  /** `params` ends with the limit. */
  private async read(where: string, order: "ASC" | "DESC", params: unknown[]): Promise<AdminChange[]> {
    const rows = (await this.ds.query(
      `SELECT c.id::text AS id, c.at, c.actor_user_id, c.actor_name, c.action, c.subject_type, c.subject_id, c.summary, c.before, c.after,
              u.display_name AS actor_display_name, u.role AS actor_role
         FROM admin_change c LEFT JOIN app_user u ON u.id = c.actor_user_id
        WHERE ${where}
        ORDER BY c.at ${order}, c.id ${order}
        LIMIT $${params.length}`,
      params,
    )) as Row[];
    return rows.map(toEntry);
  }
}

function whereOf(f: TrailFilter, params: unknown[]): string {
  const parts = ["TRUE"];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (f.subjectType) add((p) => `c.subject_type = ${p}`, f.subjectType);
  if (f.subjectId) add((p) => `c.subject_id = ${p}`, f.subjectId);
  if (f.actor) add((p) => `lower(c.actor_name) = ${p}`, f.actor);
  if (f.action) add((p) => `c.action = ${p}`, f.action);
  if (f.from) add((p) => `c.at >= ${p}::timestamptz`, f.from);
  if (f.to) add((p) => `c.at < ${p}::timestamptz`, f.to);
  return parts.join(" AND ");
}

function toEntry(r: Row): AdminChange {
  const before = r.before as Record<string, unknown> | null;
  const after = r.after as Record<string, unknown> | null;
  return {
    id: r.id as string,
    at: r.at as Date,
    actor: {
      userId: r.actor_user_id as string | null,
      username: r.actor_name as string,
      displayName: r.actor_display_name as string | null,
      role: r.actor_role as Role | null,
    },
    action: r.action as string,
    subjectType: r.subject_type as TrailSubjectType,
    subjectId: r.subject_id as string,
    summary: r.summary as string,
    changes: fieldChanges(before, after),
    before,
    after,
  };
}
