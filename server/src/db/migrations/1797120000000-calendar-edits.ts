import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The calendar's own edits: a day's edit says what it does (a closure, a national day renamed, a
 * national day worked after all), why, and who made it; office hours the installation sets, standing
 * or for a period. A change to either notifies `desk_calendar` as it commits, so every replica
 * rebuilds its calendars.
 */
export class CalendarEdits1797120000000 implements MigrationInterface {
  name = "CalendarEdits1797120000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar_closure
      ADD COLUMN effect text NOT NULL DEFAULT 'CLOSED' CHECK (effect IN ('CLOSED', 'RENAMED', 'OPEN')),
      ADD COLUMN reason text NOT NULL DEFAULT '',
      ADD COLUMN changed_by_user_id uuid REFERENCES app_user(id),
      ADD COLUMN changed_by text NOT NULL DEFAULT 'system',
      ADD COLUMN changed_at timestamptz`);
    await q.query(`CREATE TABLE office_hours (
      id text PRIMARY KEY,
      name text NOT NULL,
      starts_on text,
      ends_on text,
      weekly jsonb NOT NULL,
      reason text NOT NULL,
      changed_by_user_id uuid REFERENCES app_user(id),
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL,
      CHECK ((starts_on IS NULL) = (ends_on IS NULL) AND (starts_on IS NULL OR starts_on <= ends_on))
    )`);
    await q.query(`CREATE FUNCTION calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('desk_calendar', TG_TABLE_NAME); RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER calendar_closure_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_closure FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed()`,
    );
    await q.query(
      `CREATE TRIGGER office_hours_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON office_hours FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER calendar_closure_changed ON calendar_closure`);
    await q.query(`DROP TABLE office_hours`);
    await q.query(`DROP FUNCTION calendar_changed()`);
    await q.query(`DELETE FROM calendar_closure WHERE effect <> 'CLOSED'`);
    await q.query(
      `ALTER TABLE calendar_closure DROP COLUMN effect, DROP COLUMN reason, DROP COLUMN changed_by_user_id, DROP COLUMN changed_by, DROP COLUMN changed_at`,
    );
  }
}
