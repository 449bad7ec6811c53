import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { preparedQuery } from "../db/prepared.js";
import type { Notification, OutboxWriter } from "../notify/outbox.js";
import type { Role, Stage } from "../sop/sop.definition.js";
import { Case } from "./case.entity.js";
import type { CaseAction } from "./case.workflow.js";

/** Everything one SOP action writes, decided beforehand from the case as read. */
export interface TransitionWrite {
  before: Case;
  /** When the case was decided from memory (`KeptCases`): the row's `xmin` it was kept at, also required. */
  stamp: string | null;
  after: Case;
  done: { at: Date; byId: string | null; byRole: Role; outcome: CaseAction; workingSeconds: number };
  /** Whether a stage visit opens (not when the case closes). */
  opens: boolean;
  event: {
    actorId: string | null;
    actorName: string | null;
    action: CaseAction;
    fromStage: Stage;
    inputs: Record<string, unknown>;
  };
  notifications: Notification[];
}

export interface Written {
  eventId: string;
  updatedAt: Date;
  /** The row's new `xmin`. */
  stamp: string;
}

/** Columns a transition never writes. */
const FIXED = new Set(["id", "opd", "createdAt", "updatedAt"]);

/**
 * Writes a transition as one statement, guarded by the version the case was read at (and its
 * `xmin`, when it was kept in memory): the case's changed columns, the visit closed and the next
 * one opened, the event, the outbox rows. Returns null, having written nothing, when the case
 * changed since it was read.
 */
export async function writeTransition(ds: DataSource, outbox: OutboxWriter, w: TransitionWrite): Promise<Written | null> {
  const params: unknown[] = [];
  const p = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const caseId = p(w.before.id, "uuid");
  const sets = ds
    .getMetadata(Case)
    .columns.filter((col) => !FIXED.has(col.propertyName) && changed(w.before[col.propertyName as keyof Case], w.after[col.propertyName as keyof Case]))
    .map((col) => `${col.databaseName} = ${p(w.after[col.propertyName as keyof Case], String(col.type))}`);
  const a = w.after;
  const ctes = [
    `upd AS (UPDATE complaint_case SET ${[...sets, "updated_at = now()"].join(", ")}
              WHERE id = ${caseId} AND version = ${p(w.before.version, "int")}${w.stamp === null ? "" : ` AND xmin = ${p(w.stamp, "xid")}`}
              RETURNING id, updated_at, xmin)`,
    `done AS (UPDATE stage_visit SET done_at = ${p(w.done.at, "timestamptz")}, done_by_id = ${p(w.done.byId, "uuid")},
                     done_by_role = ${p(w.done.byRole, "text")}, outcome = ${p(w.done.outcome, "text")}, working_seconds = ${p(w.done.workingSeconds, "int")}
               WHERE case_id = (SELECT id FROM upd) AND done_at IS NULL RETURNING 1)`,
    `ev AS (INSERT INTO case_event (case_id, at, actor_id, actor_name, actor_role, action, from_stage, to_stage, round, version, inputs)
            SELECT upd.id, ${p(w.done.at, "timestamptz")}, ${p(w.event.actorId, "uuid")}, ${p(w.event.actorName, "text")}, ${p(w.done.byRole, "text")},
                   ${p(w.event.action, "text")}, ${p(w.event.fromStage, "text")}, ${p(a.stage, "text")}, ${p(a.round, "int")}, ${p(a.version, "int")},
                   ${p(JSON.stringify(w.event.inputs), "jsonb")}
              FROM upd RETURNING id)`,
  ];
  if (w.opens) {
    // Reading `done` orders the insert after the close: the one-open-visit index is checked per row.
    ctes.push(
      `opened AS (INSERT INTO stage_visit (id, case_id, stage, round, entered_at, warn_at, due_at)
                  SELECT ${p(randomUUID(), "uuid")}, upd.id, ${p(a.stage, "text")}, ${p(a.round, "int")}, ${p(a.stageEnteredAt, "timestamptz")},
                         ${p(a.stageWarnAt, "timestamptz")}, ${p(a.stageDueAt, "timestamptz")}
                    FROM upd WHERE (SELECT count(*) FROM done) >= 0)`,
    );
  }
  const notify = outbox.insert(w.notifications, params.length + 1, "EXISTS (SELECT 1 FROM upd)");
  if (notify) {
    params.push(...notify.params);
    ctes.push(`notified AS (${notify.sql})`);
  }
  const rows = await preparedQuery(
    ds,
    `WITH ${ctes.join(",\n")}
     SELECT ev.id AS event_id, upd.updated_at, upd.xmin::text AS row_xmin FROM ev CROSS JOIN upd`,
    params,
  );
  const row = rows[0];
  if (!row) return null;
  return { eventId: String(row.event_id), updatedAt: row.updated_at as Date, stamp: String(row.row_xmin) };
}

function changed(before: unknown, after: unknown): boolean {
  if (before instanceof Date && after instanceof Date) return before.getTime() !== after.getTime();
  return before !== after;
}
