import type { MigrationInterface, QueryRunner } from "typeorm";

export class Outbox1795910400000 implements MigrationInterface {
  name = "Outbox1795910400000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('FORWARD','DELIVER_ANSWER','BREACHED','AUTO_CLOSE')),
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        url text NOT NULL,
        payload jsonb NOT NULL,
        idempotency_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        delivered_at timestamptz,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL`);
    await q.query(`CREATE INDEX outbox_case_idx ON outbox (case_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
  }
}
