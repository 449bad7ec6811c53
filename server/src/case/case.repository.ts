import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { In, type DataSource, type EntityManager } from "typeorm";
import type { IdentityCache } from "../auth/identity-cache.js";
import { Opd } from "../auth/opd.entity.js";
import type { Role } from "../sop/sop.definition.js";
import { cursorPart, decodeCursor, encodeCursor } from "../db/cursor.js";
import { hydrate, prefixedColumns, queryOne, selectList } from "../db/hydrate.js";
import { preparedQuery } from "../db/prepared.js";
import type { Notification, OutboxWriter } from "../notify/outbox.js";
import { Stage } from "../sop/sop.definition.js";
import { CaseEvent } from "./case-event.entity.js";
import { CaseNote } from "./case-note.entity.js";
import { CaseShare } from "./case-share.entity.js";
import { Case } from "./case.entity.js";
import type { CaseAssignee } from "./case.types.js";
import type { CaseAction } from "./case.workflow.js";
import { StageVisit } from "./stage-visit.entity.js";

/** What a read of cases is narrowed to, beside the viewer's scope; every value is bound as a parameter. */
export interface CaseConditions {
  /** Only this OPD's cases: an OPD-bound viewer's scope (an OPD role without an OPD sees none). */
  scope?: { opdId: string | null };
  opdId?: string | null;
  stages?: Stage[] | null;
  channel?: string | null;
  /** Words of the tracking number, title or description, matched as a substring. */
  text?: string | null;
  /** Only the cases given to this account. */
  assigneeId?: string | null;
  /** Only the cases given to nobody. */
  unassigned?: boolean | null;
  /** Past the stage's due instant at `now` (true), or not (false). */
  overdue?: boolean | null;
  now: Date;
}

export interface BoardColumnData {
  stage: Stage;
  count: number;
  overdueCount: number;
  cards: Case[];
}

/** The GraphQL fields the cases of a board or list and their OPDs show, so the read fetches only their columns. */
export interface CaseSelection {
  card: ReadonlySet<string>;
  opd: ReadonlySet<string>;
}

export interface CasePage {
  nodes: Case[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Per-request batch loaders; no cache, so a long-lived subscription never reads stale rows. */
export interface CaseLoaders {
  visits: DataLoader<string, StageVisit[]>;
  events: DataLoader<string, CaseEvent[]>;
  shares: DataLoader<string, CaseShare[]>;
  notes: DataLoader<string, CaseNote[]>;
  assignees: DataLoader<string, CaseAssignee | null>;
  complainants: DataLoader<string, Pick<Case, "complainantName" | "complainantContact"> | null>;
}

/** Everything one SOP action writes, decided beforehand from the case as read (`before`; null for a new case). */
export interface TransitionWrite {
  before: Case | null;
  /** A new case's tracking number up to its sequence number ("ADU-2026-"); the database appends the number. */
  trackingPrefix?: string;
  /** When the case was decided from memory: the row's `xmin` it was kept at, also required. */
  stamp: string | null;
  after: Case;
  /** The open visit this action ends; none for a new case. */
  done: { at: Date; byId: string | null; byRole: Role; outcome: CaseAction; workingSeconds: number } | null;
  /** Whether a stage visit opens (not when the case closes). */
  opens: boolean;
  event: {
    at: Date;
    actorId: string | null;
    actorName: string | null;
    actorRole: Role;
    action: CaseAction;
    fromStage: Stage | null;
    inputs: Record<string, unknown>;
  };
  notifications: Notification[];
}

export interface Written {
  eventId: string;
  createdAt: Date;
  updatedAt: Date;
  /** The row's new `xmin`. */
  stamp: string;
  /** The tracking number; given by the database to a new case. */
  trackingNumber: string;
}

export interface OpenCase {
  id: string;
  trackingNumber: string;
  title: string;
  opdId: string | null;
  stage: Stage;
  stageEnteredAt: Date;
  stageWarnAt: Date | null;
  stageDueAt: Date | null;
  sopVersion: number;
}

/** Columns a transition never writes. */
const FIXED = new Set(["id", "opd", "createdAt", "updatedAt"]);

/** Columns a board card or list node carries whatever is asked: its identity, the scope checks and the orders of both. */
const CARD_COLUMNS = [
  "id",
  "stage",
  "opd_id",
  "version",
  "round",
  "sop_version",
  "anonymous",
  "confidential",
  "stage_due_at",
  "closed_at",
  "received_at",
];
/** Case fields that are not columns, with the columns they read; a field neither here nor a column loads every column. */
const COMPUTED_FIELD_COLUMNS: Record<string, readonly string[]> = {
  opd: [],
  visits: [],
  events: [],
  shares: [],
  notes: [],
  mayAssign: [],
  assignee: ["assignee_id"],
  attachments: [],
  slaAlerts: [],
  availableActions: [],
  overdue: [],
  complainant: ["complainant_name", "complainant_contact"],
  sla: ["stage_entered_at", "stage_warn_at"],
};

const caseCursor = (c: Case) => encodeCursor(new Date(c.receivedAt), c.id);

/**
 * Every statement over `complaint_case`, its visits, events and shares that the case module and
 * the countdown hub run: one place to read them, index them and keep them prepared.
 */
export class CaseRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly identities: IdentityCache,
  ) {}

  /** One case with its OPD, by id. */
  byId(id: string, m?: EntityManager): Promise<Case | null> {
    return this.oneWithOpd("id", id, m);
  }

  /** One case with its OPD, by tracking number (as stored: upper case). */
  byTrackingNumber(trackingNumber: string): Promise<Case | null> {
    return this.oneWithOpd("tracking_number", trackingNumber);
  }

  async version(caseId: string): Promise<number> {
    const rows = await preparedQuery(this.ds, `SELECT version FROM complaint_case WHERE id = $1`, [caseId]);
    return Number(rows[0]?.version ?? 0);
  }

  /** An OPD as kept between requests (`IdentityCache`; its trigger empties it on any change). */
  opd(id: string): Promise<Opd | null> {
    return this.identities.get(`opd:${id}`, () =>
      queryOne(this.ds, Opd, `SELECT id, code, name, short_name, contact_email, contact_phone, active, created_at FROM opd WHERE id = $1`, [
        id,
      ]),
    );
  }

  /**
   * Writes a transition as one statement: a new case inserted, or an existing one updated guarded
   * by the version it was read at (and its `xmin`, when it was kept in memory); the visit closed and
   * the next one opened, the event, the outbox rows. Null, having written nothing, when the case
   * changed since it was read.
   */
  async write(w: TransitionWrite): Promise<Written | null> {
    const params: unknown[] = [];
    const p = (value: unknown, type: string) => {
      params.push(value);
      return `$${params.length}::${type}`;
    };
    const a = w.after;
    const columns = this.ds.getMetadata(Case).columns.filter((col) => !FIXED.has(col.propertyName));
    const value = (col: (typeof columns)[number]) => p(a[col.propertyName as keyof Case], String(col.type));
    const ctes: string[] = [];
    if (w.before === null) {
      const given = columns.filter((col) => col.propertyName !== "trackingNumber");
      const seq = `(SELECT nextval('complaint_tracking_seq')::text AS n)`;
      ctes.push(
        `upd AS (INSERT INTO complaint_case (id, tracking_number, ${given.map((col) => col.databaseName).join(", ")})
                 SELECT ${p(a.id, "uuid")}, ${p(w.trackingPrefix ?? "", "text")} || lpad(seq.n, greatest(6, length(seq.n)), '0'), ${given.map(value).join(", ")}
                   FROM ${seq} seq
                 RETURNING id, created_at, updated_at, xmin, tracking_number)`,
      );
    } else {
      const before = w.before;
      const sets = columns
        .filter((col) => changed(before[col.propertyName as keyof Case], a[col.propertyName as keyof Case]))
        .map((col) => `${col.databaseName} = ${value(col)}`);
      ctes.push(
        `upd AS (UPDATE complaint_case SET ${[...sets, "updated_at = now()"].join(", ")}
                  WHERE id = ${p(before.id, "uuid")} AND version = ${p(before.version, "int")}${w.stamp === null ? "" : ` AND xmin = ${p(w.stamp, "xid")}`}
                  RETURNING id, created_at, updated_at, xmin, tracking_number)`,
      );
    }
    if (w.done) {
      ctes.push(
        `done AS (UPDATE stage_visit SET done_at = ${p(w.done.at, "timestamptz")}, done_by_id = ${p(w.done.byId, "uuid")},
                         done_by_role = ${p(w.done.byRole, "text")}, outcome = ${p(w.done.outcome, "text")}, working_seconds = ${p(w.done.workingSeconds, "int")}
                   WHERE case_id = (SELECT id FROM upd) AND done_at IS NULL RETURNING 1)`,
      );
    }
    const e = w.event;
    ctes.push(
      `ev AS (INSERT INTO case_event (case_id, at, actor_id, actor_name, actor_role, action, from_stage, to_stage, round, version, inputs)
              SELECT upd.id, ${p(e.at, "timestamptz")}, ${p(e.actorId, "uuid")}, ${p(e.actorName, "text")}, ${p(e.actorRole, "text")},
                     ${p(e.action, "text")}, ${p(e.fromStage, "text")}, ${p(a.stage, "text")}, ${p(a.round, "int")}, ${p(a.version, "int")},
                     ${p(JSON.stringify(e.inputs), "jsonb")}
                FROM upd RETURNING id)`,
    );
    if (w.opens) {
      // Reading `done` orders the insert after the close: the one-open-visit index is checked per row.
      ctes.push(
        `opened AS (INSERT INTO stage_visit (id, case_id, stage, round, entered_at, warn_at, due_at)
                    SELECT ${p(randomUUID(), "uuid")}, upd.id, ${p(a.stage, "text")}, ${p(a.round, "int")}, ${p(a.stageEnteredAt, "timestamptz")},
                           ${p(a.stageWarnAt, "timestamptz")}, ${p(a.stageDueAt, "timestamptz")}
                      FROM upd${w.done ? " WHERE (SELECT count(*) FROM done) >= 0" : ""})`,
      );
    }
    const notify = this.outbox.insert(w.notifications, params.length + 1, "EXISTS (SELECT 1 FROM upd)");
    if (notify) {
      params.push(...notify.params);
      ctes.push(`notified AS (${notify.sql})`);
    }
    const rows = await preparedQuery(
      this.ds,
      `WITH ${ctes.join(",\n")}
       SELECT ev.id AS event_id, upd.created_at, upd.updated_at, upd.xmin::text AS row_xmin, upd.tracking_number FROM ev CROSS JOIN upd`,
      params,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      eventId: String(row.event_id),
      createdAt: row.created_at as Date,
      updatedAt: row.updated_at as Date,
      stamp: String(row.row_xmin),
      trackingNumber: String(row.tracking_number),
    };
  }

  /** Newest received first, `first` at a time after the cursor `after`. */
  async page(
    conditions: CaseConditions,
    first: number,
    after: string | null | undefined,
    selected: CaseSelection | null,
  ): Promise<CasePage> {
    const params: unknown[] = [];
    const where = this.where(conditions, params);
    const countRows = (await this.ds.query(`SELECT count(*)::int AS n FROM complaint_case c WHERE ${where}`, params)) as { n: number }[];
    let pageWhere = where;
    if (after) {
      const [at, id] = decodeCursor<[string, string]>(after, [cursorPart.instant, cursorPart.uuid]);
      params.push(at, id);
      pageWhere += ` AND (c.received_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(first + 1);
    const rows = (await this.ds.query(
      `SELECT ${selectList(this.ds, Case, "c", "", selected?.card ?? null, CARD_COLUMNS, COMPUTED_FIELD_COLUMNS)},
              ${selectList(this.ds, Opd, "o", "opd__", selected?.opd ?? null, ["id"])}
         FROM complaint_case c LEFT JOIN opd o ON o.id = c.opd_id
        WHERE ${pageWhere}
        ORDER BY c.received_at DESC, c.id DESC
        LIMIT $${params.length}`,
      params,
    )) as Record<string, unknown>[];
    const opds = new Map<string, Opd>();
    const nodes = rows.slice(0, first).map((r) => this.caseWithOpd(r, opds));
    return { nodes, cursors: nodes.map(caseCursor), hasNextPage: rows.length > first, totalCount: countRows[0].n };
  }

  /**
   * Cases grouped by stage, with counts and the first `perColumn` cards of each: one statement.
   * Each column is its own `LIMIT` branch in the board's order, so an index scan of `perColumn` rows
   * (indexes of migration BoardOrderIndex1796601600000); the counts one aggregate per stage over the
   * same index's range, joined laterally so PostgreSQL neither groups row by row over the whole scope
   * nor starts parallel workers for it (which a `UNION ALL` of the aggregates did, slower under load).
   */
  async board(conditions: CaseConditions, perColumn: number, selected: CaseSelection | null): Promise<BoardColumnData[]> {
    const columns = new Map<Stage, BoardColumnData>(
      Object.values(Stage).map((stage) => [stage, { stage, count: 0, overdueCount: 0, cards: [] }]),
    );
    // Only the enum's own constants, and only as parameters: the filter's stages select among them.
    const stages = [...columns.keys()].filter((stage) => !conditions.stages?.length || conditions.stages.includes(stage));
    if (stages.length === 0) return [...columns.values()];
    const params: unknown[] = [];
    const where = this.where(conditions, params);
    const select = selectList(this.ds, Case, "c", "", selected?.card ?? null, CARD_COLUMNS, COMPUTED_FIELD_COLUMNS);
    params.push(conditions.now, perColumn);
    const [now, limitParam] = [`$${params.length - 1}::timestamptz`, `$${params.length}`];
    params.push(stages);
    const stagesParam = `$${params.length}::text[]`;
    const branches = stages.map((stage) => {
      params.push(stage);
      const order = stage === Stage.CLOSED ? "c.closed_at DESC NULLS LAST, c.id" : "c.stage_due_at ASC NULLS LAST, c.id";
      return `(SELECT ${select} FROM complaint_case c WHERE ${where} AND c.stage = $${params.length} ORDER BY ${order} LIMIT ${limitParam})`;
    });
    // A stage with cases has at least one card, so joining the counts to the cards loses none.
    const rows = (await this.ds.query(
      `WITH board_counts AS (
         SELECT s.stage, k.board_count, k.board_overdue
           FROM unnest(${stagesParam}) AS s(stage)
          CROSS JOIN LATERAL (
                SELECT count(*)::int AS board_count,
                       (count(*) FILTER (WHERE c.stage <> 'CLOSED' AND c.stage_due_at < ${now}))::int AS board_overdue
                  FROM complaint_case c
                 WHERE ${where} AND c.stage = s.stage) k)
       SELECT v.*, k.board_count, k.board_overdue, ${selectList(this.ds, Opd, "o", "opd__", selected?.opd ?? null, ["id"])}
         FROM (${branches.join("\n               UNION ALL ")}) v
         JOIN board_counts k ON k.stage = v.stage
         LEFT JOIN opd o ON o.id = v.opd_id
        ORDER BY v.stage, CASE WHEN v.stage = 'CLOSED' THEN NULL ELSE v.stage_due_at END ASC NULLS LAST, v.closed_at DESC NULLS LAST, v.id`,
      params,
    )) as Record<string, unknown>[];
    const opds = new Map<string, Opd>();
    for (const row of rows) {
      const column = columns.get(row.stage as Stage)!;
      column.count = row.board_count as number;
      column.overdueCount = row.board_overdue as number;
      column.cards.push(this.caseWithOpd(row, opds));
    }
    return [...columns.values()];
  }

  /** A case's events, oldest first. */
  events(caseId: string): Promise<CaseEvent[]> {
    return this.ds.getRepository(CaseEvent).find({ where: { caseId }, order: { id: "ASC" } });
  }

  recordShare(share: Omit<CaseShare, "id">): Promise<unknown> {
    return this.ds.getRepository(CaseShare).insert({ id: randomUUID(), ...share });
  }

  /** An account as an assignee, with what decides whether it may be one: its OPD and whether it is active. */
  async staffMember(id: string): Promise<(CaseAssignee & { opdId: string | null; active: boolean }) | null> {
    const rows = await preparedQuery(this.ds, `SELECT id, username, display_name, role, opd_id, active FROM app_user WHERE id = $1`, [id]);
    const r = rows[0];
    if (!r) return null;
    return {
      id: String(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      role: r.role as Role,
      opdId: (r.opd_id as string | null) ?? null,
      active: Boolean(r.active),
    };
  }

  /** The active accounts of an OPD in `roles`, by name. */
  async staffOf(opdId: string, roles: readonly Role[]): Promise<CaseAssignee[]> {
    const rows = (await this.ds.query(
      `SELECT id, username, display_name AS "displayName", role FROM app_user
        WHERE opd_id = $1 AND active AND role = ANY($2::text[]) ORDER BY display_name, username`,
      [opdId, roles],
    )) as CaseAssignee[];
    return rows;
  }

  /** Of `usernames` (lower case), those that name an account. */
  async knownUsernames(usernames: string[]): Promise<string[]> {
    if (!usernames.length) return [];
    const rows = (await this.ds.query(`SELECT username FROM app_user WHERE username = ANY($1::text[])`, [usernames])) as {
      username: string;
    }[];
    const known = new Set(rows.map((r) => r.username));
    return usernames.filter((u) => known.has(u));
  }

  /** Whether a file is kept with this case. */
  async hasAttachment(caseId: string, attachmentId: string): Promise<boolean> {
    const rows = await preparedQuery(this.ds, `SELECT 1 FROM attachment WHERE id = $1 AND case_id = $2`, [attachmentId, caseId]);
    return rows.length > 0;
  }

  note(id: string): Promise<CaseNote | null> {
    return this.ds.getRepository(CaseNote).findOne({ where: { id } });
  }

  /** Whether a later note already strikes this one. */
  async isStruck(noteId: string): Promise<boolean> {
    const rows = await preparedQuery(this.ds, `SELECT 1 FROM case_note WHERE strikes = $1`, [noteId]);
    return rows.length > 0;
  }

  async insertNote(note: CaseNote): Promise<void> {
    await this.ds.getRepository(CaseNote).insert(note);
  }

  /** A case's notes, oldest first. */
  notes(caseId: string): Promise<CaseNote[]> {
    return this.ds.getRepository(CaseNote).find({ where: { caseId }, order: { at: "ASC", id: "ASC" } });
  }

  /** The open cases of the city (null), or of one OPD: what a countdown feed starts from. */
  async openCases(opdId: string | null): Promise<OpenCase[]> {
    const params: unknown[] = [Stage.CLOSED];
    let where = `c.stage <> $1`;
    if (opdId !== null) {
      params.push(opdId);
      where += ` AND c.opd_id = $2`;
    }
    const rows = (await this.ds.query(
      `SELECT c.id, c.tracking_number, c.title, c.opd_id, c.stage, c.stage_entered_at, c.stage_warn_at, c.stage_due_at, c.sop_version
         FROM complaint_case c WHERE ${where}`,
      params,
    )) as Record<string, unknown>[];
    return rows.map((r) => hydrate(this.ds, Case, r) as unknown as OpenCase);
  }

  loaders(): CaseLoaders {
    const byCase = <T extends { caseId: string }>(rows: T[], ids: readonly string[]) =>
      ids.map((id) => rows.filter((r) => r.caseId === id));
    const ofCases = (ids: readonly string[]) => ({ caseId: In([...ids]) });
    return {
      visits: new DataLoader(
        async (ids) => byCase(await this.ds.getRepository(StageVisit).find({ where: ofCases(ids), order: { enteredAt: "ASC" } }), ids),
        {
          cache: false,
        },
      ),
      events: new DataLoader(
        async (ids) => byCase(await this.ds.getRepository(CaseEvent).find({ where: ofCases(ids), order: { id: "ASC" } }), ids),
        { cache: false },
      ),
      shares: new DataLoader(
        async (ids) => byCase(await this.ds.getRepository(CaseShare).find({ where: ofCases(ids), order: { at: "ASC" } }), ids),
        { cache: false },
      ),
      notes: new DataLoader(
        async (ids) => byCase(await this.ds.getRepository(CaseNote).find({ where: ofCases(ids), order: { at: "ASC", id: "ASC" } }), ids),
        { cache: false },
      ),
      assignees: new DataLoader(
        async (ids) => {
          const rows = (await this.ds.query(
            `SELECT id, username, display_name AS "displayName", role FROM app_user WHERE id = ANY($1::uuid[])`,
            [[...ids]],
          )) as CaseAssignee[];
          return ids.map((id) => rows.find((r) => r.id === id) ?? null);
        },
        { cache: false },
      ),
      complainants: new DataLoader(
        async (ids) => {
          const rows = await this.ds.getRepository(Case).find({
            select: { id: true, complainantName: true, complainantContact: true },
            where: { id: In([...ids]) },
          });
          return ids.map((id) => rows.find((r) => r.id === id) ?? null);
        },
        { cache: false },
      ),
    };
  }

  /** The SQL condition on `complaint_case c`; values appended to `params`. */
  where(conditions: CaseConditions, params: unknown[]): string {
    const clauses = ["TRUE"];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (conditions.scope) add((p) => `c.opd_id = ${p}::uuid`, conditions.scope.opdId);
    if (conditions.opdId) add((p) => `c.opd_id = ${p}::uuid`, conditions.opdId);
    if (conditions.stages?.length) add((p) => `c.stage = ANY(${p}::text[])`, conditions.stages);
    if (conditions.channel) add((p) => `c.channel = ${p}`, conditions.channel);
    if (conditions.assigneeId) add((p) => `c.assignee_id = ${p}::uuid`, conditions.assigneeId);
    if (conditions.unassigned) clauses.push(`c.assignee_id IS NULL`);
    if (conditions.text) {
      const pattern = `%${conditions.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add((p) => `(c.tracking_number ILIKE ${p} OR c.title ILIKE ${p} OR c.description ILIKE ${p})`, pattern);
    }
    if (conditions.overdue != null) {
      const overdue = (p: string) => `(c.stage <> 'CLOSED' AND c.stage_due_at < ${p}::timestamptz)`;
      add((p) => (conditions.overdue ? overdue(p) : `NOT ${overdue(p)}`), conditions.now);
    }
    return clauses.join(" AND ");
  }

  private async oneWithOpd(column: "id" | "tracking_number", value: string, m?: EntityManager): Promise<Case | null> {
    const sql = `SELECT ${prefixedColumns(this.ds, Case, "c", "")}, ${prefixedColumns(this.ds, Opd, "o", "opd__")} FROM complaint_case c LEFT JOIN opd o ON o.id = c.opd_id WHERE c.${column} = $1`;
    const rows = m ? ((await m.query(sql, [value])) as Record<string, unknown>[]) : await preparedQuery(this.ds, sql, [value]);
    return rows[0] ? this.caseWithOpd(rows[0]) : null;
  }

  /** `opds` shares one entity per OPD among the rows of one read. */
  private caseWithOpd(row: Record<string, unknown>, opds?: Map<string, Opd>): Case {
    const c = hydrate(this.ds, Case, row);
    const opdId = row.opd__id as string | null;
    let opd = opdId ? opds?.get(opdId) : null;
    if (opdId && !opd) {
      opd = hydrate(this.ds, Opd, row, "opd__");
      opds?.set(opdId, opd);
    }
    c.opd = opd ?? null;
    return c;
  }
}

function changed(before: unknown, after: unknown): boolean {
  if (before instanceof Date && after instanceof Date) return before.getTime() !== after.getTime();
  return before !== after;
}
