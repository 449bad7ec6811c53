import type { MigrationInterface, QueryRunner } from "typeorm";

export class ShareAndGuess1795996800000 implements MigrationInterface {
  name = "ShareAndGuess1795996800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_share (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('WHATSAPP')),
        stage text NOT NULL,
        actor_id uuid NOT NULL REFERENCES app_user(id),
        actor_name text NOT NULL,
        actor_role text NOT NULL
      )`);
    await q.query(`CREATE INDEX case_share_case_idx ON case_share (case_id, at)`);
    await q.query(`
      CREATE FUNCTION case_share_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_share is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_share_append_only BEFORE UPDATE OR DELETE ON case_share
      FOR EACH ROW EXECUTE FUNCTION case_share_refuse_change()`);
    await q.query(`
      CREATE TABLE guess_attempt (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        failures int NOT NULL CHECK (failures >= 1)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guess_attempt`);
    await q.query(`DROP TABLE case_share`);
    await q.query(`DROP FUNCTION case_share_refuse_change`);
  }
}
