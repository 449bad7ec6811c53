import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A change to an OPD's code, name or active flag, by the desk or by hand in SQL, notifies
 * `desk_identity` as it commits, as IdentityNotify does for accounts and API tokens: servers keep
 * the OPD a case is forwarded to between requests (CaseService.forward) and drop it at once.
 */
export class OpdNotify1796774400000 implements MigrationInterface {
  name = "OpdNotify1796774400000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TRIGGER opd_identity_changed AFTER UPDATE OF code, name, active OR DELETE OR TRUNCATE ON opd FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER opd_identity_changed ON opd`);
  }
}
