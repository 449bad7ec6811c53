import { randomUUID } from "node:crypto";
import { generateCases } from "../../server/src/seed/generate-cases.js";
import { SopService } from "../../server/src/sop/sop.service.js";
import { withDatabase } from "./db-script.js";

const count = Number(process.argv[2] ?? 100_000);
const opds = Number(process.argv[3] ?? 20);
/** Earlier return-and-forward rounds per case (two events each), so a data set reaches ~10 events a case. */
const historyPairs = Number(process.argv[4] ?? 0);

const result = await withDatabase(async ({ dataSource: ds }) => {
  await new SopService(ds).ensureSeeded();
  const opdIds: string[] = [];
  for (let i = 1; i <= opds; i++) {
    const id = randomUUID();
    await ds.query(`INSERT INTO opd (id, code, name, active) VALUES ($1, $2, $3, true)`, [
      id,
      `OPD${String(i).padStart(2, "0")}`,
      `Dinas Contoh ${i}`,
    ]);
    opdIds.push(id);
  }
  const started = performance.now();
  const generated = await generateCases(ds, { count, opdIds, before: new Date(), tag: "BENCH" });
  if (historyPairs > 0) {
    // An OPD returned the complaint to the Admin Instansi (not its authority) and it was forwarded
    // again: the most common detour of steps 1–2, recorded before the case's own path.
    const [{ n }] = await ds.query(
      `WITH e AS (
         INSERT INTO case_event (case_id, at, actor_role, action, from_stage, to_stage, round, version, inputs)
         SELECT c.id, c.received_at + make_interval(mins => 10 * k + 5 * (k % 2)), CASE WHEN k % 2 = 0 THEN 'ADMIN_OPD' ELSE 'ADMIN_INSTANSI' END,
                CASE WHEN k % 2 = 0 THEN 'RETURN_TO_INSTANSI' ELSE 'FORWARD' END,
                CASE WHEN k % 2 = 0 THEN 'INITIAL_RESPONSE' ELSE 'DISPOSITION' END,
                CASE WHEN k % 2 = 0 THEN 'DISPOSITION' ELSE 'INITIAL_RESPONSE' END,
                1, 1, jsonb_build_object('generated', true, 'reason', 'bukan kewenangan OPD ini')
           FROM complaint_case c, generate_series(0, $1::int * 2 - 1) AS k
         RETURNING 1)
       SELECT count(*)::int AS n FROM e`,
      [historyPairs],
    );
    generated.events += n;
  }
  // What autovacuum would have done by now on a server that runs it (this machine's is off): the
  // visibility map lets counts be index-only scans, for every server in the comparison alike.
  await ds.query(`VACUUM ANALYZE`);
  return { ...generated, seconds: (performance.now() - started) / 1000 };
});
console.log(JSON.stringify(result));
