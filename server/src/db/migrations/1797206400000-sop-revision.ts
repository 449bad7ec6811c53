import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * SOP revisions: each stored version gets the instant it comes into force and who published it;
 * `sop_draft` holds the one revision being prepared (a single row), with its own revision counter
 * so two editors or two publishes cannot both win.
 */
export class SopRevision1797206400000 implements MigrationInterface {
  name = "SopRevision1797206400000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sop_version ADD COLUMN effective_at timestamptz`);
    await q.query(`UPDATE sop_version SET effective_at = 'epoch' WHERE version = 1`);
    await q.query(`UPDATE sop_version SET effective_at = created_at WHERE effective_at IS NULL`);
    await q.query(`ALTER TABLE sop_version ALTER COLUMN effective_at SET NOT NULL`);
    await q.query(`ALTER TABLE sop_version ADD COLUMN published_by text`);
    await q.query(`CREATE INDEX sop_version_in_force ON sop_version (effective_at DESC, version DESC)`);
    await q.query(`CREATE TABLE sop_draft (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      base_version int NOT NULL REFERENCES sop_version(version),
      definition jsonb NOT NULL,
      revision int NOT NULL,
      opened_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sop_draft`);
    await q.query(`DROP INDEX sop_version_in_force`);
    await q.query(`ALTER TABLE sop_version DROP COLUMN published_by`);
    await q.query(`ALTER TABLE sop_version DROP COLUMN effective_at`);
  }
}
