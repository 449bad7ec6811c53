import type { MigrationInterface, QueryRunner } from "typeorm";

export class DisplayToken1795824000000 implements MigrationInterface {
  name = "DisplayToken1795824000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE display_token (
        id uuid PRIMARY KEY,
        label text NOT NULL,
        opd_id uuid REFERENCES opd(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX display_token_opd_idx ON display_token (opd_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE display_token`);
  }
}
