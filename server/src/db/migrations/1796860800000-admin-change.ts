import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The administration trail: who changed an account, an OPD, the SOP, the calendar or a token,
 * when, and the fields before and after. Rows are never updated or deleted; only a restore into a
 * fresh database (which sets `desk.restore` for its transaction) may empty the table.
 */
export class AdminChange1796860800000 implements MigrationInterface {
  name = "AdminChange1796860800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE admin_change (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id uuid REFERENCES app_user(id),
      actor_name text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      summary text NOT NULL,
      before jsonb,
      after jsonb
    )`);
    await q.query(`CREATE INDEX admin_change_at ON admin_change (at DESC, id DESC)`);
    await q.query(`CREATE INDEX admin_change_subject ON admin_change (subject_type, subject_id, at DESC)`);
    await q.query(`CREATE FUNCTION admin_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('desk.restore', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'admin_change is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER admin_change_append_only BEFORE UPDATE OR DELETE ON admin_change FOR EACH ROW EXECUTE FUNCTION admin_change_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER admin_change_no_truncate BEFORE TRUNCATE ON admin_change FOR EACH STATEMENT EXECUTE FUNCTION admin_change_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_change`);
    await q.query(`DROP FUNCTION admin_change_append_only()`);
  }
}
