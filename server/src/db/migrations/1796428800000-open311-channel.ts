import type { MigrationInterface, QueryRunner } from "typeorm";

export class Open311Channel1796428800000 implements MigrationInterface {
  name = "Open311Channel1796428800000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaint_case DROP CONSTRAINT complaint_case_channel_check`);
    await q.query(
      `ALTER TABLE complaint_case ADD CONSTRAINT complaint_case_channel_check CHECK (channel IN ('LAPOR','MPP','WHATSAPP','LETTER','WALK_IN','PORTAL','OPEN311'))`,
    );
  }

  // Refuses while OPEN311 cases exist, rather than relabel them.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE complaint_case DROP CONSTRAINT complaint_case_channel_check`);
    await q.query(
      `ALTER TABLE complaint_case ADD CONSTRAINT complaint_case_channel_check CHECK (channel IN ('LAPOR','MPP','WHATSAPP','LETTER','WALK_IN','PORTAL'))`,
    );
  }
}
