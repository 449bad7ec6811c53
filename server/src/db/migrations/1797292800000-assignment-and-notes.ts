import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A case's assignee (a person of its OPD; never an SOP step, so no stage or clock changes with it),
 * and `case_note`: the staff's notes thread per case, append-only like the events (a wrong note is
 * struck through by a later one that names it in `strikes`; deferred, so a restore may insert
 * the two in either order).
 */
export class AssignmentAndNotes1797292800000 implements MigrationInterface {
  name = "AssignmentAndNotes1797292800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaint_case ADD COLUMN assignee_id uuid REFERENCES app_user(id)`);
    await q.query(
      `CREATE INDEX complaint_case_assignee_idx ON complaint_case (assignee_id, stage, stage_due_at) WHERE assignee_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE case_note (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        at timestamptz NOT NULL,
        author_id uuid NOT NULL REFERENCES app_user(id),
        author_name text NOT NULL,
        author_role text NOT NULL,
        body text NOT NULL,
        attachment_id uuid REFERENCES attachment(id),
        strikes uuid REFERENCES case_note(id) DEFERRABLE INITIALLY DEFERRED,
        mentions text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX case_note_case_idx ON case_note (case_id, at, id)`);
    await q.query(`CREATE UNIQUE INDEX case_note_struck_once ON case_note (strikes) WHERE strikes IS NOT NULL`);
    await q.query(`CREATE INDEX case_note_mentions_idx ON case_note USING gin (mentions)`);
    await q.query(`
      CREATE FUNCTION case_note_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_note is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_note_append_only BEFORE UPDATE OR DELETE ON case_note
      FOR EACH ROW EXECUTE FUNCTION case_note_refuse_change()`);
    await q.query(`
      CREATE TRIGGER case_note_no_truncate BEFORE TRUNCATE ON case_note
      FOR EACH STATEMENT EXECUTE FUNCTION case_note_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_note`);
    await q.query(`DROP FUNCTION case_note_refuse_change`);
    await q.query(`DROP INDEX complaint_case_assignee_idx`);
    await q.query(`ALTER TABLE complaint_case DROP COLUMN assignee_id`);
  }
}
