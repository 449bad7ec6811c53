import type { DataSource } from "typeorm";
import { canSeeComplainant, requireStaff, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import type { CaseQueries } from "../case/case.queries.js";
import type { CaseFilter } from "../case/case.inputs.js";

/** Cases read per statement: memory stays bounded by this, whatever the total. */
export const EXPORT_BATCH = 500;

export interface ExportCase {
  id: string;
  trackingNumber: string;
  laporTrackingId: string | null;
  channel: string;
  category: string;
  title: string;
  description: string;
  location: string | null;
  opd: { code: string; name: string } | null;
  stage: string;
  round: number;
  version: number;
  receivedAt: Date;
  stageEnteredAt: Date;
  stageDueAt: Date | null;
  overdue: boolean;
  closedAt: Date | null;
  closedByRole: string | null;
  closingReason: string | null;
  rating: number | null;
  ratingComment: string | null;
  anonymous: boolean;
  confidential: boolean;
  /** Only where the viewer may see it (Admin Instansi for confidential ones); otherwise null. */
  complainant: { name: string | null; contact: string | null } | null;
}

export interface ExportVisit {
  caseId: string;
  trackingNumber: string;
  stage: string;
  round: number;
  enteredAt: Date;
  warnAt: Date;
  dueAt: Date;
  doneAt: Date | null;
  outcome: string | null;
  slaMet: boolean | null;
  workingHours: number | null;
}

export interface ExportEvent {
  caseId: string;
  trackingNumber: string;
  at: Date;
  action: string;
  actorRole: string;
  actorName: string | null;
  fromStage: string | null;
  toStage: string;
  round: number;
  version: number;
  inputs: Record<string, unknown>;
}

export interface ExportNote {
  caseId: string;
  id: string;
  at: Date;
  authorName: string;
  authorRole: string;
  body: string;
  attachmentId: string | null;
  strikes: string | null;
  mentions: string[];
}

export interface ExportBatch {
  cases: ExportCase[];
  visits: Map<string, ExportVisit[]>;
  events: Map<string, ExportEvent[]>;
  notes: Map<string, ExportNote[]>;
}

/** `notes`: the staff's internal notes, in the JSON export only. */
export type ExportPart = "cases" | "visits" | "events" | "notes";

interface Row {
  [column: string]: unknown;
}

const group = <T extends { caseId: string }>(rows: T[]) => {
  const byCase = new Map<string, T[]>();
  for (const r of rows) {
    const list = byCase.get(r.caseId);
    if (list) list.push(r);
    else byCase.set(r.caseId, [r]);
  }
  return byCase;
};

/** Cases the viewer may see, filtered like the board, read in keyset batches with their visits and events. */
export class CaseExporter {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: CaseQueries,
    private readonly clock: Clock,
  ) {}

  async count(viewerOrNull: StaffViewer | null, filter: CaseFilter): Promise<number> {
    const viewer = requireStaff(viewerOrNull);
    const params: unknown[] = [];
    const where = this.queries.where(viewer, filter, params);
    const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM complaint_case c WHERE ${where}`, params)) as { n: number }[];
    return n;
  }

  /** Oldest received first; `parts` says which related rows to read along. */
  async *batches(viewerOrNull: StaffViewer | null, filter: CaseFilter, parts: ReadonlySet<ExportPart>): AsyncGenerator<ExportBatch> {
    const viewer = requireStaff(viewerOrNull);
    const now = this.clock.now();
    let after: [Date, string] | null = null;
    for (;;) {
      const params: unknown[] = [];
      let where = this.queries.where(viewer, filter, params);
      if (after) {
        params.push(after[0], after[1]);
        where += ` AND (c.received_at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
      }
      params.push(EXPORT_BATCH);
      const rows = (await this.ds.query(
        `SELECT c.*, o.code AS opd_code, o.name AS opd_name
           FROM complaint_case c LEFT JOIN opd o ON o.id = c.opd_id
          WHERE ${where}
          ORDER BY c.received_at, c.id
          LIMIT $${params.length}`,
        params,
      )) as Row[];
      if (rows.length === 0) return;
      const cases = rows.map((r) => this.toCase(viewer, r, now));
      const ids = cases.map((c) => c.id);
      const numbers = new Map(cases.map((c) => [c.id, c.trackingNumber]));
      yield {
        cases,
        visits: parts.has("visits") ? group(await this.visits(ids, numbers)) : new Map(),
        events: parts.has("events") ? group(await this.events(ids, numbers)) : new Map(),
        notes: parts.has("notes") ? group(await this.notes(ids)) : new Map(),
      };
      const last = rows[rows.length - 1];
      after = [last.received_at as Date, last.id as string];
      if (rows.length < EXPORT_BATCH) return;
    }
  }

  private toCase(viewer: StaffViewer, r: Row, now: Date): ExportCase {
    const shape = { opdId: r.opd_id as string | null, anonymous: r.anonymous as boolean, confidential: r.confidential as boolean };
    const dueAt = r.stage_due_at as Date | null;
    return {
      id: r.id as string,
      trackingNumber: r.tracking_number as string,
      laporTrackingId: r.lapor_tracking_id as string | null,
      channel: r.channel as string,
      category: r.category as string,
      title: r.title as string,
      description: r.description as string,
      location: r.location as string | null,
      opd: r.opd_code ? { code: r.opd_code as string, name: r.opd_name as string } : null,
      stage: r.stage as string,
      round: r.round as number,
      version: r.version as number,
      receivedAt: r.received_at as Date,
      stageEnteredAt: r.stage_entered_at as Date,
      stageDueAt: dueAt,
      overdue: r.stage !== "CLOSED" && dueAt !== null && dueAt < now,
      closedAt: r.closed_at as Date | null,
      closedByRole: r.closed_by_role as string | null,
      closingReason: r.closing_reason as string | null,
      rating: r.rating as number | null,
      ratingComment: r.rating_comment as string | null,
      anonymous: shape.anonymous,
      confidential: shape.confidential,
      complainant: canSeeComplainant(viewer, shape)
        ? { name: r.complainant_name as string | null, contact: r.complainant_contact as string | null }
        : null,
    };
  }

  private async visits(ids: string[], numbers: Map<string, string>): Promise<ExportVisit[]> {
    const rows = (await this.ds.query(`SELECT * FROM stage_visit WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, entered_at, id`, [
      ids,
    ])) as Row[];
    return rows.map((r) => ({
      caseId: r.case_id as string,
      trackingNumber: numbers.get(r.case_id as string)!,
      stage: r.stage as string,
      round: r.round as number,
      enteredAt: r.entered_at as Date,
      warnAt: r.warn_at as Date,
      dueAt: r.due_at as Date,
      doneAt: r.done_at as Date | null,
      outcome: r.outcome as string | null,
      slaMet: r.done_at ? (r.done_at as Date) <= (r.due_at as Date) : null,
      workingHours: r.working_seconds == null ? null : Number(r.working_seconds) / 3600,
    }));
  }

  private async notes(ids: string[]): Promise<ExportNote[]> {
    const rows = (await this.ds.query(`SELECT * FROM case_note WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, at, id`, [ids])) as Row[];
    return rows.map((r) => ({
      caseId: r.case_id as string,
      id: r.id as string,
      at: r.at as Date,
      authorName: r.author_name as string,
      authorRole: r.author_role as string,
      body: r.body as string,
      attachmentId: r.attachment_id as string | null,
      strikes: r.strikes as string | null,
      mentions: r.mentions as string[],
    }));
  }

  private async events(ids: string[], numbers: Map<string, string>): Promise<ExportEvent[]> {
    const rows = (await this.ds.query(`SELECT * FROM case_event WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, id`, [ids])) as Row[];
    return rows.map((r) => ({
      caseId: r.case_id as string,
      trackingNumber: numbers.get(r.case_id as string)!,
      at: r.at as Date,
      action: r.action as string,
      actorRole: r.actor_role as string,
      actorName: r.actor_name as string | null,
      fromStage: r.from_stage as string | null,
      toStage: r.to_stage as string,
      round: r.round as number,
      version: r.version as number,
      inputs: r.inputs as Record<string, unknown>,
    }));
  }
}
