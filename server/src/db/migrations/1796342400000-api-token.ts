import type { MigrationInterface, QueryRunner } from "typeorm";

export class ApiToken1796342400000 implements MigrationInterface {
  name = "ApiToken1796342400000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY REFERENCES app_user(id),
        label text NOT NULL,
        role text NOT NULL,
        opd_id uuid REFERENCES opd(id),
        scopes text[] NOT NULL,
        secret_hash bytea NOT NULL,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK (expires_at > created_at),
        CHECK ((role = 'ADMIN_INSTANSI') = (opd_id IS NULL))
      )`);
    await q.query(`CREATE INDEX api_token_created_idx ON api_token (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE api_token_use (
        id bigserial PRIMARY KEY,
        token_id uuid NOT NULL REFERENCES api_token(id),
        at timestamptz NOT NULL,
        operation_type text NOT NULL,
        operation_name text,
        root_fields text[] NOT NULL,
        client_ip text,
        allowed boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX api_token_use_token_idx ON api_token_use (token_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_token_use`);
    await q.query(`DROP TABLE api_token`);
  }
}
