import type { MigrationInterface, QueryRunner } from "typeorm";

// Not backfilled: visits done before this migration keep null and are left out of the percentiles.
export class WorkingSeconds1796169600000 implements MigrationInterface {
  name = "WorkingSeconds1796169600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stage_visit ADD COLUMN working_seconds int`);
    await q.query(`CREATE INDEX stage_visit_done_idx ON stage_visit (done_at) WHERE done_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX stage_visit_done_idx`);
    await q.query(`ALTER TABLE stage_visit DROP COLUMN working_seconds`);
  }
}
