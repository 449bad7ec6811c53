import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The board reads each column as its own `LIMIT perColumn` in the column's order: running stages by
 * due time, CLOSED by closing time, newest first. These indexes hold those orders, so a column is an
 * index scan of `perColumn` rows instead of a sort of every case in scope (a sort that spilled to disk
 * at 100,000 cases). OPD-bound viewers (and the OPD filter) get the same order behind their OPD, which
 * also serves the per-stage counts of one OPD; it supersedes the first migration's
 * `(stage, opd_id, stage_due_at)`, which had no use left that these do not serve.
 */
export class BoardOrderIndex1796601600000 implements MigrationInterface {
  name = "BoardOrderIndex1796601600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX complaint_case_stage_due_idx ON complaint_case (stage, stage_due_at, id)`);
    await q.query(`CREATE INDEX complaint_case_closed_idx ON complaint_case (closed_at DESC NULLS LAST, id) WHERE stage = 'CLOSED'`);
    await q.query(`CREATE INDEX complaint_case_opd_stage_due_idx ON complaint_case (opd_id, stage, stage_due_at, id)`);
    await q.query(`DROP INDEX complaint_case_board_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX complaint_case_board_idx ON complaint_case (stage, opd_id, stage_due_at)`);
    await q.query(`DROP INDEX complaint_case_opd_stage_due_idx`);
    await q.query(`DROP INDEX complaint_case_closed_idx`);
    await q.query(`DROP INDEX complaint_case_stage_due_idx`);
  }
}
