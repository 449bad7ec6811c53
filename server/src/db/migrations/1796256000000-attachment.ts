import type { MigrationInterface, QueryRunner } from "typeorm";

export class Attachment1796256000000 implements MigrationInterface {
  name = "Attachment1796256000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case (id),
        stage text,
        round int NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        public boolean NOT NULL,
        uploaded_by_id uuid REFERENCES app_user (id),
        uploaded_by_name text,
        uploaded_by_role text NOT NULL,
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX attachment_case_idx ON attachment (case_id, uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment`);
  }
}
