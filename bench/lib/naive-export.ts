import { withDatabase } from "./db-script.js";

/** The baseline: every case, visit and event read into memory at once, then one JSON document built from them. */
const result = await withDatabase(async ({ dataSource: ds }) => {
  const idle = process.memoryUsage().rss;
  const started = performance.now();
  const cases = (await ds.query(
    `SELECT c.*, o.code AS opd_code, o.name AS opd_name FROM complaint_case c LEFT JOIN opd o ON o.id = c.opd_id ORDER BY c.received_at, c.id`,
  )) as Record<string, unknown>[];
  const visits = (await ds.query(`SELECT * FROM stage_visit ORDER BY case_id, entered_at, id`)) as { case_id: string }[];
  const events = (await ds.query(`SELECT * FROM case_event ORDER BY case_id, id`)) as { case_id: string }[];
  const byCase = new Map<string, { visits: unknown[]; events: unknown[] }>();
  for (const c of cases) byCase.set(c.id as string, { visits: [], events: [] });
  for (const v of visits) byCase.get(v.case_id)?.visits.push(v);
  for (const e of events) byCase.get(e.case_id)?.events.push(e);
  const body = JSON.stringify({ cases: cases.map((c) => ({ ...c, ...byCase.get(c.id as string) })) });
  const seconds = (performance.now() - started) / 1000;
  return {
    rows: cases.length,
    bytes: Buffer.byteLength(body),
    seconds,
    idleMiB: idle / 2 ** 20,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  };
});
console.log(JSON.stringify(result));
