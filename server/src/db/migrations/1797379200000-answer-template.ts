import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Answer templates: an OPD's own (`opd_id`) or city-wide (null). A name is unique within its OPD,
 * or among the city-wide ones, whatever its case; the step dialogs read the active ones of a use.
 */
export class AnswerTemplate1797379200000 implements MigrationInterface {
  name = "AnswerTemplate1797379200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE answer_template (
      id uuid PRIMARY KEY,
      opd_id uuid REFERENCES opd(id),
      use text NOT NULL,
      name text NOT NULL,
      body text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(
      `CREATE UNIQUE INDEX answer_template_name ON answer_template (COALESCE(opd_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`,
    );
    await q.query(`CREATE INDEX answer_template_offer ON answer_template (use, opd_id) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE answer_template`);
  }
}
