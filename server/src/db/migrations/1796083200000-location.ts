import type { MigrationInterface, QueryRunner } from "typeorm";

export class Location1796083200000 implements MigrationInterface {
  name = "Location1796083200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaint_case ADD COLUMN location text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaint_case DROP COLUMN location`);
  }
}
