import type { DataSource } from "typeorm";

/**
 * Makes every running visit overdue by the database's real clock, as if the server had been
 * down through its deadlines; for server processes that run on real time.
 */
export async function makeEverythingDue(ds: DataSource): Promise<void> {
  await ds.query(
    `UPDATE stage_visit SET entered_at = now() - interval '3 days', warn_at = now() - interval '2 hours', due_at = now() - interval '1 hour'
      WHERE done_at IS NULL`,
  );
  await ds.query(
    `UPDATE complaint_case SET stage_entered_at = now() - interval '3 days', stage_warn_at = now() - interval '2 hours', stage_due_at = now() - interval '1 hour'
      WHERE stage <> 'CLOSED'`,
  );
}

/** Counts that must each be exactly one: the alerts of every running visit, the auto-close of every silent case. */
export async function slaRecords(ds: DataSource): Promise<{ alerts: { stage: string; kind: string; n: number }[]; autoCloses: number[] }> {
  const alerts = await ds.query(
    `SELECT stage, kind, count(*)::int AS n FROM sla_alert GROUP BY visit_id, stage, kind ORDER BY stage, kind`,
  );
  const autoCloses = (
    await ds.query(
      `SELECT count(e.id)::int AS n FROM complaint_case c LEFT JOIN case_event e ON e.case_id = c.id AND e.action = 'AUTO_CLOSE'
        WHERE c.answer IS NOT NULL AND c.rating IS NULL GROUP BY c.id ORDER BY c.id`,
    )
  ).map((r: { n: number }) => r.n);
  return { alerts, autoCloses };
}
