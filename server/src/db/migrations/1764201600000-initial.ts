import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1764201600000 implements MigrationInterface {
  name = "Initial1764201600000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE setting (
        key text PRIMARY KEY,
        value text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE sop_version (
        version int PRIMARY KEY,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE opd (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN_INSTANSI','ADMIN_OPD','LIAISON','OFFICER','SUPERUSER')),
        opd_id uuid REFERENCES opd(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role IN ('ADMIN_OPD','LIAISON','OFFICER')) = (opd_id IS NOT NULL))
      )`);
    await q.query(`CREATE SEQUENCE complaint_tracking_seq`);
    await q.query(`
      CREATE TABLE complaint_case (
        id uuid PRIMARY KEY,
        tracking_number text NOT NULL UNIQUE,
        access_code_hash text NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        category text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('LAPOR','MPP','WHATSAPP','LETTER','WALK_IN','PORTAL')),
        lapor_tracking_id text,
        anonymous boolean NOT NULL,
        confidential boolean NOT NULL,
        complainant_name text,
        complainant_contact text,
        opd_id uuid REFERENCES opd(id),
        stage text NOT NULL CHECK (stage IN ('DISPOSITION','INITIAL_RESPONSE','ANALYSIS','DELIVERY','CONFIRMATION','CLOSED')),
        round int NOT NULL CHECK (round >= 1),
        version int NOT NULL CHECK (version >= 1),
        sop_version int NOT NULL REFERENCES sop_version(version),
        received_at timestamptz NOT NULL,
        stage_entered_at timestamptz NOT NULL,
        stage_warn_at timestamptz,
        stage_due_at timestamptz,
        initial_response text,
        report_material text,
        analysis text,
        answer text,
        consulted text,
        rating int CHECK (rating BETWEEN 1 AND 5),
        rating_comment text,
        closed_at timestamptz,
        closed_by_role text,
        closing_reason text,
        destination text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT anonymous OR (complainant_name IS NULL AND complainant_contact IS NULL)),
        CHECK ((stage = 'CLOSED') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX complaint_case_board_idx ON complaint_case (stage, opd_id, stage_due_at)`);
    await q.query(`CREATE INDEX complaint_case_received_idx ON complaint_case (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_case_lapor_idx ON complaint_case (lapor_tracking_id) WHERE lapor_tracking_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE stage_visit (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        stage text NOT NULL,
        round int NOT NULL,
        entered_at timestamptz NOT NULL,
        warn_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        warned_at timestamptz,
        breached_at timestamptz,
        done_at timestamptz,
        done_by_id uuid,
        done_by_role text,
        outcome text
      )`);
    await q.query(`CREATE INDEX stage_visit_case_idx ON stage_visit (case_id, entered_at)`);
    await q.query(`CREATE UNIQUE INDEX stage_visit_one_open_idx ON stage_visit (case_id) WHERE done_at IS NULL`);
    // The sweeper's scans: visits not yet warned / breached, by the instant they will be.
    await q.query(`CREATE INDEX stage_visit_warn_idx ON stage_visit (warn_at) WHERE done_at IS NULL AND warned_at IS NULL`);
    await q.query(`CREATE INDEX stage_visit_due_idx ON stage_visit (due_at) WHERE done_at IS NULL AND breached_at IS NULL`);
    await q.query(`
      CREATE TABLE sla_alert (
        id bigserial PRIMARY KEY,
        visit_id uuid NOT NULL REFERENCES stage_visit(id),
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        kind text NOT NULL CHECK (kind IN ('WARNING','BREACHED')),
        stage text NOT NULL,
        due_at timestamptz NOT NULL,
        at timestamptz NOT NULL,
        UNIQUE (visit_id, kind)
      )`);
    await q.query(`CREATE INDEX sla_alert_case_idx ON sla_alert (case_id, id)`);
    await q.query(`
      CREATE TABLE calendar_closure (
        date text PRIMARY KEY CHECK (date ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        label text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE case_event (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_name text,
        actor_role text NOT NULL,
        action text NOT NULL,
        from_stage text,
        to_stage text NOT NULL,
        round int NOT NULL,
        version int NOT NULL,
        inputs jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX case_event_case_idx ON case_event (case_id, id)`);
    await q.query(`
      CREATE FUNCTION case_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
      FOR EACH ROW EXECUTE FUNCTION case_event_refuse_change()`);
    await q.query(`
      CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
      FOR EACH STATEMENT EXECUTE FUNCTION case_event_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_closure`);
    await q.query(`DROP TABLE sla_alert`);
    await q.query(`DROP TABLE case_event`);
    await q.query(`DROP FUNCTION case_event_refuse_change`);
    await q.query(`DROP TABLE stage_visit`);
    await q.query(`DROP TABLE complaint_case`);
    await q.query(`DROP SEQUENCE complaint_tracking_seq`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE opd`);
    await q.query(`DROP TABLE sop_version`);
    await q.query(`DROP TABLE setting`);
  }
}
