import type { MigrationInterface, QueryRunner } from "typeorm";

const USER_COLUMNS_BEFORE = "username, display_name, role, opd_id, active";
const USER_COLUMNS_AFTER = `${USER_COLUMNS_BEFORE}, must_change_password`;

/**
 * Accounts run from the console: a sign-in session per login (its id travels in the bearer token,
 * ending it refuses the token), and the flag that makes an account set a new password at its next
 * sign-in. Ending a session, and the flag, notify `desk_identity` like the other identity columns.
 */
export class Accounts1796947200000 implements MigrationInterface {
  name = "Accounts1796947200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TABLE user_session (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      client_ip text
    )`);
    await q.query(`CREATE INDEX user_session_user ON user_session (user_id, created_at DESC)`);
    await q.query(`DROP TRIGGER app_user_identity_changed ON app_user`);
    await q.query(
      `CREATE TRIGGER app_user_identity_changed AFTER UPDATE OF ${USER_COLUMNS_AFTER} OR DELETE OR TRUNCATE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
    );
    await q.query(
      `CREATE TRIGGER user_session_identity_changed AFTER UPDATE OF ended_at OR DELETE OR TRUNCATE ON user_session FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_session`);
    await q.query(`DROP TRIGGER app_user_identity_changed ON app_user`);
    await q.query(
      `CREATE TRIGGER app_user_identity_changed AFTER UPDATE OF ${USER_COLUMNS_BEFORE} OR DELETE OR TRUNCATE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
    );
    await q.query(`ALTER TABLE app_user DROP COLUMN must_change_password`);
  }
}
