import { randomUUID } from "node:crypto";
import { SopService } from "../../server/src/sop/sop.service.js";
import { withDatabase } from "./db-script.js";

/**
 * Running cases with one open stage visit each (set-based SQL), their warning and due instants
 * spread over the next 30 days, so a sweep tick has the whole table to look through and little to do.
 */
const count = Number(process.argv[2] ?? 1_000_000);
const result = await withDatabase(async ({ dataSource: ds }) => {
  await new SopService(ds).ensureSeeded();
  const opdIds: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const id = randomUUID();
    await ds.query(`INSERT INTO opd (id, code, name, active) VALUES ($1, $2, $3, true)`, [
      id,
      `OPD${String(i).padStart(2, "0")}`,
      `Dinas Contoh ${i}`,
    ]);
    opdIds.push(id);
  }
  const started = performance.now();
  await ds.transaction(async (m) => {
    await m.query(
      `CREATE TEMP TABLE gen ON COMMIT DROP AS
       SELECT i, gen_random_uuid() AS id,
              (ARRAY['INITIAL_RESPONSE','ANALYSIS','DELIVERY','CONFIRMATION'])[1 + i % 4] AS stage,
              ($1::uuid[])[1 + i % 20] AS opd_id,
              now() + make_interval(secs => 60 + (i::bigint * 7919) % (30 * 86400)) AS due_at
         FROM generate_series(1, $2::int) AS i`,
      [opdIds, count],
    );
    await m.query(
      `INSERT INTO complaint_case (id, tracking_number, access_code_hash, title, description, category, channel, anonymous, confidential,
                                   opd_id, stage, round, version, sop_version, received_at, stage_entered_at, stage_warn_at, stage_due_at)
       SELECT id, 'SWP-' || lpad(i::text, 8, '0'), 'generated:no-code', 'Pengaduan ' || i, 'Uji penyapu', 'Infrastruktur', 'LAPOR', true, false,
              opd_id, stage, 1, 3, (SELECT max(version) FROM sop_version), due_at - interval '3 days', due_at - interval '2 hours',
              due_at - interval '30 minutes', due_at
         FROM gen`,
    );
    await m.query(
      `INSERT INTO stage_visit (id, case_id, stage, round, entered_at, warn_at, due_at)
       SELECT gen_random_uuid(), id, stage, 1, due_at - interval '2 hours', due_at - interval '30 minutes', due_at FROM gen`,
    );
  });
  await ds.query(`ANALYZE`);
  return { cases: count, seconds: (performance.now() - started) / 1000 };
});
console.log(JSON.stringify(result));
