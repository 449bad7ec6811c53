import type { DataSource } from "typeorm";
import type { Opd } from "../auth/opd.entity.js";
import { isOpdBound, requireRole, type StaffViewer } from "../auth/viewer.js";
import { CaseAction } from "../case/case.workflow.js";
import { forbidden, invalid } from "../errors.js";
import { WITA_OFFSET_MS } from "../sop/calendar.js";
import { Role, type Stage } from "../sop/sop.definition.js";
import { uuid } from "../validate.js";
import { ReportDimension, type ComplianceReport, type ComplianceRow } from "./report.types.js";

export interface ComplianceQuery {
  from: Date;
  to: Date;
  groupBy: readonly ReportDimension[];
  opdId?: string | null;
}

/** SQL of each dimension: the columns it selects (first one named after the dimension) and groups by. */
const DIMENSIONS: Record<ReportDimension, string[]> = {
  [ReportDimension.STEP]: ["v.stage AS step"],
  // The acting role as the case's own SOP version defines it.
  [ReportDimension.ROLE]: [
    `jsonb_path_query_first(s.definition, '$.steps[*] ? (@.stage == $stage).actor', jsonb_build_object('stage', v.stage)) #>> '{}' AS role`,
  ],
  [ReportDimension.OPD]: ["o.id AS opd_id", "o.code AS opd_code", "o.name AS opd_name", "o.active AS opd_active"],
  [ReportDimension.MONTH]: [`to_char((v.done_at AT TIME ZONE 'UTC') + interval '${WITA_OFFSET_MS / 1000} seconds', 'YYYY-MM') AS month`],
};

const expression = (column: string) => column.replace(/ AS \w+$/, "");

interface Row {
  step?: Stage;
  role?: Role | null;
  opd_id?: string | null;
  opd_code?: string;
  opd_name?: string;
  opd_active?: boolean;
  month?: string;
  is_total: boolean;
  handled: number;
  met: number;
  median_s: number | null;
  p90_s: number | null;
  breaches: number;
  auto_closes: number;
  avg_rating: string | null;
}

const hours = (seconds: number | null) => (seconds == null ? null : Number(seconds) / 3600);

function toRow(r: Row): ComplianceRow {
  return {
    step: r.is_total ? null : (r.step ?? null),
    role: r.is_total ? null : (r.role ?? null),
    opd: r.is_total || !r.opd_id ? null : ({ id: r.opd_id, code: r.opd_code, name: r.opd_name, active: r.opd_active } as Opd),
    month: r.is_total ? null : (r.month ?? null),
    handled: r.handled,
    metCount: r.met,
    onTimeShare: r.handled ? r.met / r.handled : null,
    medianWorkingHours: hours(r.median_s),
    p90WorkingHours: hours(r.p90_s),
    breaches: r.breaches,
    autoCloses: r.auto_closes,
    avgRating: r.avg_rating == null ? null : Number(r.avg_rating),
  };
}

/** One step's time standard to measure the stored visits against, in seconds of its basis. */
export interface StandardToTry {
  stage: Stage;
  currentSeconds: number;
  currentCalendar: boolean;
  draftSeconds: number;
  draftCalendar: boolean;
}

/** One step over the last `months` months: visits measured, and how many met each standard. */
export interface ProjectionCount {
  months: number;
  stage: Stage;
  handled: number;
  metCurrent: number;
  metDraft: number;
}

/** The periods a projection looks back over, in months. */
export const PROJECTION_MONTHS = [3, 6, 12] as const;

/** Mutu Baku compliance: how the stage visits done in a period fared against the SOP's time standards. */
export class ReportService {
  constructor(private readonly ds: DataSource) {}

  /** One SQL over the stage visits done in [from, to), grouped as asked, plus the totals. */
  async compliance(viewerOrNull: StaffViewer | null, query: ComplianceQuery): Promise<ComplianceReport> {
    const viewer = requireRole(viewerOrNull, Role.ADMIN_INSTANSI, Role.SUPERUSER, Role.ADMIN_OPD, Role.LIAISON);
    const opdId = this.scope(viewer, query.opdId);
    const { from, to } = query;
    if (Number.isNaN(from.getTime())) throw invalid("from", "is not a valid instant");
    if (Number.isNaN(to.getTime())) throw invalid("to", "is not a valid instant");
    if (from >= to) throw invalid("to", "must be after from");
    const groupBy = [...new Set(query.groupBy)];
    const columns = groupBy.flatMap((d) => DIMENSIONS[d]);
    const keys = columns.map(expression);
    const grouping = keys.length ? `GROUPING SETS ((${keys.join(", ")}), ())` : "()";
    const rows: Row[] = await this.ds.query(
      `SELECT ${columns.map((c) => `${c}, `).join("")}
              ${keys.length ? `GROUPING(${keys.join(", ")}) <> 0` : "true"} AS is_total,
              count(*)::int AS handled,
              count(*) FILTER (WHERE v.done_at <= v.due_at)::int AS met,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY v.working_seconds) AS median_s,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY v.working_seconds) AS p90_s,
              count(*) FILTER (WHERE v.breached_at IS NOT NULL)::int AS breaches,
              count(*) FILTER (WHERE v.outcome = $4)::int AS auto_closes,
              avg(c.rating) FILTER (WHERE v.outcome = $5) AS avg_rating
         FROM stage_visit v
         JOIN complaint_case c ON c.id = v.case_id
         JOIN sop_version s ON s.version = c.sop_version
         LEFT JOIN opd o ON o.id = c.opd_id
        WHERE v.done_at >= $1 AND v.done_at < $2 AND ($3::uuid IS NULL OR c.opd_id = $3::uuid)
        GROUP BY ${grouping}
        ORDER BY is_total${keys.map((k) => `, ${k}`).join("")}`,
      [from, to, opdId, CaseAction.AUTO_CLOSE, CaseAction.ACCEPT],
    );
    const total = rows.find((r) => r.is_total)!;
    return { groupBy, rows: rows.filter((r) => !r.is_total).map(toRow), totals: toRow(total) };
  }

  /**
   * What the stored visits done in the last 3, 6 and 12 months before `now` would have scored under
   * two sets of time standards: each visit's measured time (working seconds, or wall-clock seconds for
   * a CALENDAR basis) against each standard. Visits done before working time was recorded are left out.
   */
  async projection(now: Date, standards: readonly StandardToTry[]): Promise<ProjectionCount[]> {
    const rows: { months: number; stage: Stage; handled: number; met_current: number; met_draft: number }[] = await this.ds.query(
      `WITH std AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb)
           AS x(stage text, "currentSeconds" float8, "currentCalendar" boolean, "draftSeconds" float8, "draftCalendar" boolean)
       ), period AS (SELECT unnest($3::int[]) AS months)
       SELECT p.months, v.stage,
              count(*)::int AS handled,
              count(*) FILTER (WHERE CASE WHEN std."currentCalendar" THEN extract(epoch FROM v.done_at - v.entered_at) ELSE v.working_seconds END
                                     <= std."currentSeconds")::int AS met_current,
              count(*) FILTER (WHERE CASE WHEN std."draftCalendar" THEN extract(epoch FROM v.done_at - v.entered_at) ELSE v.working_seconds END
                                     <= std."draftSeconds")::int AS met_draft
         FROM period p
         JOIN stage_visit v ON v.done_at >= $1::timestamptz - make_interval(months => p.months) AND v.done_at < $1::timestamptz
         JOIN std ON std.stage = v.stage
        WHERE v.working_seconds IS NOT NULL
        GROUP BY p.months, v.stage`,
      [now, JSON.stringify(standards), [...PROJECTION_MONTHS]],
    );
    return rows.map((r) => ({ months: r.months, stage: r.stage, handled: r.handled, metCurrent: r.met_current, metDraft: r.met_draft }));
  }

  /** City roles may ask for any OPD or all; OPD roles get their own, whatever they omit. */
  private scope(viewer: StaffViewer, opdId: string | null | undefined): string | null {
    const asked = opdId == null || opdId === "" ? null : uuid("opdId", opdId);
    if (!isOpdBound(viewer)) return asked;
    if (!viewer.opdId) throw forbidden("This account has no OPD");
    if (asked && asked !== viewer.opdId) throw forbidden("Reports of another OPD are for the Admin Instansi");
    return viewer.opdId;
  }
}
