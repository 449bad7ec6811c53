import type { MigrationInterface, QueryRunner } from "typeorm";

/** The columns a bearer token is checked against (AuthService.identify, ApiTokenService.identify); `api_token.last_used_at` is not one. */
const WATCHED = [
  ["app_user", "username, display_name, role, opd_id, active"],
  ["api_token", "label, role, opd_id, scopes, secret_hash, expires_at, revoked_at"],
] as const;

/**
 * Any change to an account or an API token, by the desk or by hand in SQL, notifies
 * `desk_identity` as it commits: servers that keep those rows between requests (IdentityCache)
 * drop them at once. The payload is empty; a change empties the whole cache.
 */
export class IdentityNotify1796688000000 implements MigrationInterface {
  name = "IdentityNotify1796688000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('desk_identity', '');
        RETURN NULL;
      END $$`);
    for (const [table, columns] of WATCHED) {
      await q.query(
        `CREATE TRIGGER ${table}_identity_changed AFTER UPDATE OF ${columns} OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of WATCHED) await q.query(`DROP TRIGGER ${table}_identity_changed ON ${table}`);
    await q.query(`DROP FUNCTION identity_changed()`);
  }
}
