import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import { Opd } from "../auth/opd.entity.js";
import { canSeeCase, canSeeComplainant, isOpdBound, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { forbidden, notFound, unauthenticated } from "../errors.js";
import { hydrate, prefixedColumns, selectList } from "../db/hydrate.js";
import { preparedQuery } from "../db/prepared.js";
import { cursorPart, decodeCursor, encodeCursor } from "../graphql/cursor.js";
import { Attachment } from "../records/attachment.entity.js";
import { Stage } from "../sop/sop.definition.js";
import { intInRange, text, uuid } from "../validate.js";
import { accessCodeMatches } from "./access-code.js";
import { CaseEvent } from "./case-event.entity.js";
import { CaseShare } from "./case-share.entity.js";
import { Case } from "./case.entity.js";
import type { CaseFilter } from "./case.inputs.js";
import { publicInputsOf } from "./case.workflow.js";
import { StageVisit } from "./stage-visit.entity.js";

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

export interface PublicView {
  case: Case;
  events: CaseEvent[];
  attachments: Attachment[];
}

/** Per-request batch loaders; no cache, so a long-lived subscription never reads stale rows. */
export interface CaseLoaders {
  visits: DataLoader<string, StageVisit[]>;
  events: DataLoader<string, CaseEvent[]>;
  shares: DataLoader<string, CaseShare[]>;
  complainants: DataLoader<string, Pick<Case, "complainantName" | "complainantContact"> | null>;
  attachments: DataLoader<string, Attachment[]>;
}

const caseCursor = (c: Case) => encodeCursor(new Date(c.receivedAt), c.id);

/** Columns a board card or list node carries whatever is asked: its identity, the scope checks and the orders of both. */
const CARD_COLUMNS = ["id", "stage", "opd_id", "version", "round", "sop_version", "anonymous", "confidential", "stage_due_at", "closed_at", "received_at"];
/** Case fields that are not columns, with the columns they read; a field neither here nor a column loads every column. */
const COMPUTED_FIELD_COLUMNS: Record<string, readonly string[]> = {
  opd: [],
  visits: [],
  events: [],
  shares: [],
  attachments: [],
  slaAlerts: [],
  availableActions: [],
  overdue: [],
  complainant: ["complainant_name", "complainant_contact"],
  sla: ["stage_entered_at", "stage_warn_at"],
};

/** One case with its OPD by id or tracking number: what `case(id)` and every SOP action read. */
export function caseWithOpdSql(ds: DataSource, column: "id" | "tracking_number"): string {
  return `SELECT ${prefixedColumns(ds, Case, "c", "")}, ${prefixedColumns(ds, Opd, "o", "opd__")} FROM complaint_case c LEFT JOIN opd o ON o.id = c.opd_id WHERE c.${column} = $1`;
}

/** Reads, scoped to what the viewer may see; a fixed number of statements whatever the size. */
export class CaseQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async byId(viewer: StaffViewer | null, id: string): Promise<Case> {
    if (!viewer) throw unauthenticated();
    const rows = await preparedQuery(this.ds, caseWithOpdSql(this.ds, "id"), [uuid("id", id)]);
    if (!rows[0]) throw notFound("Case");
    const c = this.caseWithOpd(rows[0]);
    if (!canSeeCase(viewer, c)) throw forbidden("This case belongs to another OPD");
    return c;
  }

  async list(
    viewer: StaffViewer | null,
    filter: CaseFilter | null | undefined,
    first: number,
    after?: string | null,
    selected: CaseSelection | null = null,
  ): Promise<CasePage> {
    if (!viewer) throw unauthenticated();
    const limit = intInRange("first", first, 1, 500);
    const params: unknown[] = [];
    const where = this.where(viewer, filter, params);
    const countRows = (await this.ds.query(`SELECT count(*)::int AS n FROM complaint_case c WHERE ${where}`, params)) as {
      n: number;
    }[];
    let pageWhere = where;
    if (after) {
      const [at, id] = decodeCursor<[string, string]>(after, [cursorPart.instant, cursorPart.uuid]);
      params.push(at, id);
      pageWhere += ` AND (c.received_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(limit + 1);
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
    const nodes = rows.slice(0, limit).map((r) => this.caseWithOpd(r, opds));
    return { nodes, cursors: nodes.map(caseCursor), hasNextPage: rows.length > limit, totalCount: countRows[0].n };
  }

  /**
   * Cases grouped by stage, with counts and the first `perColumn` cards of each: one statement.
   * Each column is its own `LIMIT` branch in the board's order, so an index scan of `perColumn` rows
   * (indexes of migration BoardOrderIndex1796601600000); the counts one aggregate per stage over the
   * same index's range, joined laterally so PostgreSQL neither groups row by row over the whole scope
   * nor starts parallel workers for it (which a `UNION ALL` of the aggregates did, slower under load).
   */
  async board(
    viewer: StaffViewer | null,
    filter: CaseFilter | null | undefined,
    perColumn: number,
    selected: CaseSelection | null = null,
  ): Promise<BoardColumnData[]> {
    if (!viewer) throw unauthenticated();
    const limit = intInRange("perColumn", perColumn, 1, 500);
    const columns = new Map<Stage, BoardColumnData>(
      Object.values(Stage).map((stage) => [stage, { stage, count: 0, overdueCount: 0, cards: [] }]),
    );
    // Only the enum's own constants, and only as parameters: the filter's stages select among them.
    const stages = [...columns.keys()].filter((stage) => !filter?.stages?.length || filter.stages.includes(stage));
    if (stages.length === 0) return [...columns.values()];
    const params: unknown[] = [];
    const where = this.where(viewer, filter, params);
    const select = selectList(this.ds, Case, "c", "", selected?.card ?? null, CARD_COLUMNS, COMPUTED_FIELD_COLUMNS);
    params.push(this.clock.now(), limit);
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

  /** The complainant's own case; a wrong code and an unknown number look the same. */
  async publicView(trackingNumber: string, accessCode: string): Promise<PublicView> {
    const number = text("trackingNumber", trackingNumber, 64).toUpperCase();
    const c = await this.ds.getRepository(Case).findOne({ where: { trackingNumber: number }, relations: { opd: true } });
    if (!c || !accessCodeMatches(accessCode ?? "", c.accessCodeHash)) {
      throw notFound("Case with this tracking number and access code");
    }
    const events = await this.ds.getRepository(CaseEvent).find({ where: { caseId: c.id }, order: { id: "ASC" } });
    const attachments = await this.ds.getRepository(Attachment).find({ where: { caseId: c.id, public: true }, order: { uploadedAt: "ASC", id: "ASC" } });
    return { case: c, events: events.filter((e) => publicInputsOf(e.fromStage, e.action, e.inputs) !== null), attachments };
  }

  loaders(): CaseLoaders {
    const byCase = <T extends { caseId: string }>(rows: T[], ids: readonly string[]) =>
      ids.map((id) => rows.filter((r) => r.caseId === id));
    return {
      visits: new DataLoader(
        async (ids) =>
          byCase(await this.ds.getRepository(StageVisit).find({ where: { caseId: In([...ids]) }, order: { enteredAt: "ASC" } }), ids),
        { cache: false },
      ),
      events: new DataLoader(
        async (ids) => byCase(await this.ds.getRepository(CaseEvent).find({ where: { caseId: In([...ids]) }, order: { id: "ASC" } }), ids),
        { cache: false },
      ),
      shares: new DataLoader(
        async (ids) => byCase(await this.ds.getRepository(CaseShare).find({ where: { caseId: In([...ids]) }, order: { at: "ASC" } }), ids),
        { cache: false },
      ),
      attachments: new DataLoader(
        async (ids) =>
          byCase(await this.ds.getRepository(Attachment).find({ where: { caseId: In([...ids]) }, order: { uploadedAt: "ASC", id: "ASC" } }), ids),
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

  mayShowComplainant(viewer: StaffViewer | null, c: Pick<Case, "opdId" | "anonymous" | "confidential">): boolean {
    return viewer !== null && canSeeComplainant(viewer, c);
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

  /** The SQL condition on `complaint_case c` for the viewer's scope and the filter; values appended to `params`. */
  where(viewer: StaffViewer, filter: CaseFilter | null | undefined, params: unknown[]): string {
    const clauses = ["TRUE"];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (isOpdBound(viewer)) add((p) => `c.opd_id = ${p}::uuid`, viewer.opdId);
    if (filter?.opdId) add((p) => `c.opd_id = ${p}::uuid`, uuid("opdId", filter.opdId));
    if (filter?.stages?.length) add((p) => `c.stage = ANY(${p}::text[])`, filter.stages);
    if (filter?.channel) add((p) => `c.channel = ${p}`, filter.channel);
    if (filter?.text?.trim()) {
      const pattern = `%${text("text", filter.text, 200).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add((p) => `(c.tracking_number ILIKE ${p} OR c.title ILIKE ${p} OR c.description ILIKE ${p})`, pattern);
    }
    if (filter?.overdue != null) {
      const overdue = (p: string) => `(c.stage <> 'CLOSED' AND c.stage_due_at < ${p}::timestamptz)`;
      add((p) => (filter.overdue ? overdue(p) : `NOT ${overdue(p)}`), this.clock.now());
    }
    return clauses.join(" AND ");
  }
}
