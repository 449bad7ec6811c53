import type { DataSource } from "typeorm";
import type { CaseService } from "../case/case.service.js";
import { CaseAction, TRANSITIONS } from "../case/case.workflow.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode } from "../errors.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
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
    RETURNING case_id, kind, stage, due_at, at
  )
  SELECT i.case_id, i.kind, i.stage, i.due_at, i.at, c.opd_id, c.tracking_number, c.title
    FROM inserted i JOIN complaint_case c ON c.id = i.case_id`;

interface AlertRow {
  case_id: string;
  kind: "WARNING" | "BREACHED";
  stage: Stage;
  due_at: Date;
  at: Date;
  opd_id: string | null;
  tracking_number: string;
  title: string;
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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseService,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async sweepOnce(): Promise<SweepResult> {
    const now = this.clock.now();
    const warnings = (await this.ds.query(crossSql("warned_at", "warn_at", "WARNING"), [now])) as AlertRow[];
    const breaches = (await this.ds.query(crossSql("breached_at", "due_at", "BREACHED"), [now])) as AlertRow[];
    for (const row of [...warnings, ...breaches]) this.publish(row, row.kind === "WARNING" ? SlaAlertEventKind.WARNING : SlaAlertEventKind.BREACHED);
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
          { case_id, stage, due_at: c.closedAt!, at: c.closedAt!, opd_id: c.opdId, tracking_number: c.trackingNumber, title: c.title },
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
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.sweepOnce().catch((e) => this.log(`sla sweep failed: ${e instanceof Error ? e.message : e}`));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private publish(row: Omit<AlertRow, "kind">, kind: SlaAlertEventKind): void {
    const event: SlaAlertEvent = {
      kind,
      caseId: row.case_id,
      trackingNumber: row.tracking_number,
      title: row.title,
      stage: row.stage,
      opdId: row.opd_id,
      dueAt: row.due_at,
      at: row.at,
    };
    for (const scope of [CITY_SCOPE, row.opd_id].filter((s): s is string => Boolean(s))) {
      this.bus.publish(Topic.SLA_ALERT, scope, event);
    }
  }
}
