import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An OPD's short name and its contact e-mail and phone, all optional. The OPD kept between
 * requests (CaseService.forward) now carries them too, so a change to any of them notifies
 * `desk_identity` as OpdNotify's trigger does for the code, name and active flag.
 */
export class OpdContact1797033600000 implements MigrationInterface {
  name = "OpdContact1797033600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE opd ADD COLUMN short_name text, ADD COLUMN contact_email text, ADD COLUMN contact_phone text`);
    await q.query(`DROP TRIGGER opd_identity_changed ON opd`);
    await q.query(
      `CREATE TRIGGER opd_identity_changed AFTER UPDATE OF code, name, short_name, contact_email, contact_phone, active OR DELETE OR TRUNCATE ON opd FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER opd_identity_changed ON opd`);
    await q.query(
      `CREATE TRIGGER opd_identity_changed AFTER UPDATE OF code, name, active OR DELETE OR TRUNCATE ON opd FOR EACH STATEMENT EXECUTE FUNCTION identity_changed()`,
    );
    await q.query(`ALTER TABLE opd DROP COLUMN short_name, DROP COLUMN contact_email, DROP COLUMN contact_phone`);
  }
}
