import type { DataSource } from "typeorm";
import type { CaseService } from "../case/case.service.js";
import { CaseAction, TRANSITIONS } from "../case/case.workflow.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode } from "../errors.js";
import type { OutboxWriter } from "../notify/outbox.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { repeat, type Repeating } from "../repeat.js";
import { Stage } from "../sop/sop.definition.js";
import { SlaAlertEventKind, type SlaAlertEvent } from "./sla-alert.types.js";

const BATCH = 500;

/** Stages whose due instant closes the case (step 5) rather than breaching it, from the transition table. */
const CLOSING_STAGES = TRANSITIONS.filter((r) => r.action === CaseAction.AUTO_CLOSE).map((r) => r.from as Stage);
const closingList = CLOSING_STAGES.map((s) => `'${s}'`).join(", ");

/** Marks the visits that crossed a threshold and records their alerts, in one statement. */
const crossSql = (flag: "warned_at" | "breached_at", threshold: "warn_at" | "due_at", kind: "WARNING" | "BREACHED") => `
  WITH picked AS (
    SELECT v.id, v.case_id, v.stage, v.due_at FROM stage_visit v
     WHERE v.done_at IS NULL AND v.${flag} IS NULL AND v.${threshold} <= $1
     ORDER BY v.${threshold} LIMIT ${BATCH}
       FOR UPDATE SKIP LOCKED
  ), marked AS (
    UPDATE stage_visit v SET ${flag} = $1 FROM picked WHERE v.id = picked.id
  ), inserted AS (
    INSERT INTO sla_alert (visit_id, case_id, kind, stage, due_at, at)
    SELECT id, case_id, '${kind}', stage, due_at, $1 FROM picked WHERE stage NOT IN (${closingList})
    ON CONFLICT (visit_id, kind) DO NOTHING
    RETURNING visit_id, case_id, kind, stage, due_at, at
  )
  SELECT i.visit_id, i.case_id, i.kind, i.stage, i.due_at, i.at, c.opd_id, c.assignee_id, c.tracking_number, c.title, o.code AS opd_code, o.name AS opd_name
    FROM inserted i JOIN complaint_case c ON c.id = i.case_id LEFT JOIN opd o ON o.id = c.opd_id`;

interface AlertRow {
  visit_id: string;
  case_id: string;
  kind: "WARNING" | "BREACHED";
  stage: Stage;
  due_at: Date;
  at: Date;
  opd_id: string | null;
  assignee_id: string | null;
  tracking_number: string;
  title: string;
  opd_code: string | null;
  opd_name: string | null;
}

export interface SweepResult {
  warnings: number;
  breaches: number;
  autoClosed: number;
}

/**
 * Finds stage visits that crossed WARNING or BREACHED and step-5 visits left silent past their
 * time, from the due instants stored in the database; safe to run on every replica at once.
 */
export class SlaSweeper {
  private loop: Repeating | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseService,
    private readonly outbox: OutboxWriter,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async sweepOnce(): Promise<SweepResult> {
    const now = this.clock.now();
    const warnings = (await this.ds.query(crossSql("warned_at", "warn_at", "WARNING"), [now])) as AlertRow[];
    const breaches = await this.ds.transaction(async (tx) => {
      const rows = (await tx.query(crossSql("breached_at", "due_at", "BREACHED"), [now])) as AlertRow[];
      await this.outbox.record(
        tx,
        rows.map((r) => ({
          kind: "BREACHED",
          key: `BREACHED:${r.visit_id}`,
          caseId: r.case_id,
          trackingNumber: r.tracking_number,
          stage: r.stage,
          opd: r.opd_code && r.opd_name ? { code: r.opd_code, name: r.opd_name } : null,
          at: r.at,
        })),
      );
      return rows;
    });
    for (const row of [...warnings, ...breaches])
      this.publish(row, row.kind === "WARNING" ? SlaAlertEventKind.WARNING : SlaAlertEventKind.BREACHED);
    const silent = (await this.ds.query(
      `SELECT case_id, stage FROM stage_visit WHERE done_at IS NULL AND stage = ANY($1) AND due_at <= $2 ORDER BY due_at LIMIT ${BATCH}`,
      [CLOSING_STAGES, now],
    )) as { case_id: string; stage: Stage }[];
    let autoClosed = 0;
    for (const { case_id, stage } of silent) {
      try {
        const c = await this.cases.autoClose(case_id);
        autoClosed++;
        this.publish(
          {
            case_id,
            stage,
            due_at: c.closedAt!,
            at: c.closedAt!,
            opd_id: c.opdId,
            assignee_id: c.assigneeId,
            tracking_number: c.trackingNumber,
            title: c.title,
          },
          SlaAlertEventKind.AUTO_CLOSED,
        );
      } catch (e) {
        // Another replica (or the complainant) got there first.
        if (!(e instanceof DomainError) || ![ErrorCode.INVALID_TRANSITION, ErrorCode.TOO_EARLY].includes(e.code)) throw e;
      }
    }
    return { warnings: warnings.length, breaches: breaches.length, autoClosed };
  }

  /** Sweeps now (catching up on what fell due while the server was down), then every `intervalMs`. */
  start(intervalMs: number): void {
    this.loop = repeat(
      () => this.sweepOnce(),
      intervalMs,
      (e) => this.log(`sla sweep failed: ${e instanceof Error ? e.message : e}`),
    );
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private publish(row: Omit<AlertRow, "kind" | "visit_id" | "opd_code" | "opd_name">, kind: SlaAlertEventKind): void {
    const event: SlaAlertEvent = {
      kind,
      caseId: row.case_id,
      trackingNumber: row.tracking_number,
      title: row.title,
      stage: row.stage,
      opdId: row.opd_id,
      assigneeId: row.assignee_id,
      dueAt: row.due_at,
      at: row.at,
    };
    this.bus.publish(Topic.SLA_ALERT, row.opd_id ? [CITY_SCOPE, row.opd_id] : CITY_SCOPE, event);
  }
}
