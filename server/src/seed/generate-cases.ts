import type { DataSource } from "typeorm";

export interface GenerateOptions {
  count: number;
  opdIds: string[];
  /** Received times spread over the 90 days before this instant. */
  before: Date;
  /** Distinguishes the tracking numbers of separate runs on one database. */
  tag: string;
}

export interface Generated {
  cases: number;
  visits: number;
  events: number;
}

/**
 * Bulk cases for benchmarks and large-export tests, written by set-based SQL (no SOP logic runs):
 * a realistic stage mix (40% closed), every earlier step as a done visit, one event per step.
 * The access code of a generated case opens nothing.
 */
export async function generateCases(ds: DataSource, o: GenerateOptions): Promise<Generated> {
  const stages = [
    "DISPOSITION",
    "INITIAL_RESPONSE",
    "INITIAL_RESPONSE",
    "ANALYSIS",
    "DELIVERY",
    "CONFIRMATION",
    "CLOSED",
    "CLOSED",
    "CLOSED",
    "CLOSED",
  ];
  const steps = ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION"];
  const actions = ["FORWARD", "ACKNOWLEDGE", "SUBMIT_ANSWER", "DELIVER_ANSWER", "ACCEPT"];
  const hours = [24, 2, 2, 2, 70];
  return ds.transaction(async (m) => {
    await m.query(
      `CREATE TEMP TABLE gen ON COMMIT DROP AS
       SELECT i,
              gen_random_uuid() AS id,
              ($1::text[])[1 + i % 10] AS stage,
              ($2::uuid[])[1 + i % array_length($2::uuid[], 1)] AS opd_id,
              $3::timestamptz - make_interval(secs => (i * 7919) % (90 * 86400)) AS received_at
         FROM generate_series(1, $4::int) AS i`,
      [stages, o.opdIds, o.before, o.count],
    );
    await m.query(
      `INSERT INTO complaint_case (id, tracking_number, access_code_hash, title, description, category, channel, lapor_tracking_id,
                                   anonymous, confidential, complainant_name, complainant_contact, opd_id, stage, round, version,
                                   sop_version, received_at, stage_entered_at, stage_warn_at, stage_due_at, closed_at, closed_by_role,
                                   rating, location)
       SELECT g.id, 'GEN-' || $1 || '-' || lpad(g.i::text, 7, '0'), 'generated:no-code', 
              'Pengaduan ' || g.i || ' — jalan berlubang di Kel. Sungai Kapih', 
              'Warga melaporkan kerusakan; biaya perbaikan ± Rp 1.500.000, "segera" ditangani.', 'Infrastruktur',
              (ARRAY['LAPOR','MPP','WHATSAPP','LETTER','WALK_IN','PORTAL'])[1 + g.i % 6],
              CASE WHEN g.i % 6 = 0 THEN 'LPR' || g.i END,
              g.i % 7 = 0, g.i % 7 = 1,
              CASE WHEN g.i % 7 <> 0 THEN 'Warga ' || g.i END, CASE WHEN g.i % 7 <> 0 THEN '0812' || lpad(g.i::text, 8, '0') END,
              CASE WHEN g.stage = 'DISPOSITION' THEN NULL ELSE g.opd_id END,
              g.stage, 1, array_position($2::text[], g.stage) + 1,
              (SELECT max(version) FROM sop_version), g.received_at,
              g.received_at + make_interval(hours => 3 * (array_position($2::text[], g.stage) - 1)),
              CASE WHEN g.stage <> 'CLOSED' THEN g.received_at + make_interval(hours => 3 * array_position($2::text[], g.stage) - 1) END,
              CASE WHEN g.stage <> 'CLOSED' THEN g.received_at + make_interval(hours => 3 * array_position($2::text[], g.stage)) END,
              CASE WHEN g.stage = 'CLOSED' THEN g.received_at + interval '15 hours' END,
              CASE WHEN g.stage = 'CLOSED' THEN 'COMPLAINANT' END,
              CASE WHEN g.stage = 'CLOSED' THEN 1 + g.i % 5 END,
              'Kel. ' || g.i % 50
         FROM gen g`,
      [o.tag, [...steps, "CLOSED"]],
    );
    const [{ n: visits }] = await m.query(
      `WITH v AS (
         INSERT INTO stage_visit (id, case_id, stage, round, entered_at, warn_at, due_at, done_at, done_by_role, outcome, working_seconds)
         SELECT gen_random_uuid(), g.id, ($1::text[])[s], 1,
                g.received_at + make_interval(hours => 3 * (s - 1)),
                g.received_at + make_interval(hours => 3 * (s - 1)) + make_interval(secs => ($2::int[])[s] * 2700),
                g.received_at + make_interval(hours => 3 * (s - 1)) + make_interval(hours => ($2::int[])[s]),
                CASE WHEN s < array_position($1::text[] || 'CLOSED'::text, g.stage)
                     THEN g.received_at + make_interval(hours => 3 * (s - 1)) + make_interval(mins => 30 + (g.i * 37 + s * 11) % (($2::int[])[s] * 70)) END,
                CASE WHEN s < array_position($1::text[] || 'CLOSED'::text, g.stage) THEN 'SYSTEM' END,
                CASE WHEN s < array_position($1::text[] || 'CLOSED'::text, g.stage) THEN ($3::text[])[s] END,
                CASE WHEN s < array_position($1::text[] || 'CLOSED'::text, g.stage) THEN (1800 + (g.i * 37 + s * 11) % (($2::int[])[s] * 4200)) END
           FROM gen g, generate_series(1, LEAST(array_position($1::text[] || 'CLOSED'::text, g.stage), 5)) AS s
         RETURNING 1)
       SELECT count(*)::int AS n FROM v`,
      [steps, hours, actions],
    );
    const [{ n: events }] = await m.query(
      `WITH e AS (
         INSERT INTO case_event (case_id, at, actor_role, action, from_stage, to_stage, round, version, inputs)
         SELECT g.id, g.received_at + make_interval(hours => 3 * s), 'SYSTEM',
                CASE WHEN s = 0 THEN 'SUBMIT' ELSE ($2::text[])[s] END,
                CASE WHEN s = 0 THEN NULL ELSE ($1::text[])[s] END,
                ($1::text[] || 'CLOSED'::text)[s + 1], 1, s + 1, jsonb_build_object('generated', true)
           FROM gen g, generate_series(0, array_position($1::text[] || 'CLOSED'::text, g.stage) - 1) AS s
         RETURNING 1)
       SELECT count(*)::int AS n FROM e`,
      [steps, actions],
    );
    return { cases: o.count, visits, events };
  });
}
