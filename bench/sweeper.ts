/**
 * bench/sweeper: the SLA sweeper on N running cases (1M open stage visits by default): time per
 * sweep tick when nothing is due (the common tick) and when 500 visits cross their warning and due
 * instants, and EXPLAIN (ANALYZE, BUFFERS) of the tick's three searches, which must be index scans.
 * Baseline in the same run: the same searches with index scans disabled (the sequential scan a
 * missing index would cost).
 * Usage: DATABASE_URL=postgres://… npm run bench:sweeper [-- --visits 1000000 --ticks 20]
 */
import "reflect-metadata";
import { cpus } from "node:os";
import pg from "pg";
import { startApp } from "../server/src/app.js";
import { loadConfig } from "../server/src/config.js";
import { arg, fmt } from "./lib/load.js";
import { percentile } from "./lib/proc.js";
import { database, runScript } from "./lib/setup.js";

const VISITS = Number(arg("visits", "1000000"));
const TICKS = Number(arg("ticks", "20"));
if (!process.env.DATABASE_URL) throw new Error("bench:sweeper runs on a real PostgreSQL: set DATABASE_URL");

/** The tick's searches, as the sweeper sends them (server/src/sla/sla.sweeper.ts). */
const SEARCHES = {
  warnings: `SELECT v.id FROM stage_visit v WHERE v.done_at IS NULL AND v.warned_at IS NULL AND v.warn_at <= $1 ORDER BY v.warn_at LIMIT 500`,
  breaches: `SELECT v.id FROM stage_visit v WHERE v.done_at IS NULL AND v.breached_at IS NULL AND v.due_at <= $1 ORDER BY v.due_at LIMIT 500`,
  "silent step 5": `SELECT case_id, stage FROM stage_visit WHERE done_at IS NULL AND stage = ANY($2) AND due_at <= $1 ORDER BY due_at LIMIT 500`,
};

const db = await database();
const plans: string[] = [];
const rows: { name: string; ms: number[] }[] = [];
const searchRows: { name: string; indexed: number; seq: number; plan: string }[] = [];
try {
  console.log(`generating ${VISITS.toLocaleString("en")} running cases with an open visit each…`);
  const g = await runScript<{ seconds: number }>("bench/lib/sweeper-data.ts", db.env, [String(VISITS)]);
  console.log(`  in ${g.seconds.toFixed(1)} s`);
  const app = await startApp(
    loadConfig({
      ...db.env,
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      SLA_SWEEP_SECONDS: "0",
      OUTBOX_POLL_SECONDS: "0",
      LOG_LEVEL: "warn",
    }),
  );
  const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
  await client.connect();
  try {
    const tick = async () => {
      const t = performance.now();
      const r = await app.services.sweeper.sweepOnce();
      return { ms: performance.now() - t, r };
    };
    await tick();
    const idle: number[] = [];
    for (let i = 0; i < TICKS; i++) idle.push((await tick()).ms);
    rows.push({ name: "tick, nothing due", ms: idle });
    const busy: number[] = [];
    let crossed = 0;
    for (let i = 0; i < Math.min(TICKS, 5); i++) {
      // 500 visits at step 3 cross both their warning and their due instant.
      await client.query(`UPDATE stage_visit SET warn_at = now() - interval '2 minutes', due_at = now() - interval '1 minute'
                           WHERE id IN (SELECT id FROM stage_visit WHERE done_at IS NULL AND warned_at IS NULL AND stage = 'ANALYSIS' LIMIT 500)`);
      const { ms, r } = await tick();
      busy.push(ms);
      crossed += r.warnings + r.breaches;
    }
    rows.push({ name: `tick, 500 warnings + 500 breaches (${crossed / Math.min(TICKS, 5)} recorded per tick)`, ms: busy });

    const explain = async (sql: string) =>
      (
        (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, sql.includes("$2") ? [new Date(), ["CONFIRMATION"]] : [new Date()]))
          .rows as { "QUERY PLAN": string }[]
      ).map((r) => r["QUERY PLAN"]);
    const execMs = (plan: string[]) => Number(/Execution Time: ([\d.]+)/.exec(plan.at(-1)!)?.[1]);
    for (const [name, sql] of Object.entries(SEARCHES)) {
      await explain(sql);
      const plan = await explain(sql);
      await client.query(`SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off`);
      const seqPlan = await explain(sql);
      await client.query(`RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan`);
      searchRows.push({ name, indexed: execMs(plan), seq: execMs(seqPlan), plan: plan.find((l) => /Scan/.test(l))?.trim() ?? "" });
      plans.push(`-- ${name}\n${plan.join("\n")}`);
    }
  } finally {
    await client.end();
    await app.stop();
  }
} finally {
  await db.drop();
}

console.log(
  `\nmachine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}, PostgreSQL server; ${VISITS.toLocaleString("en")} open visits`,
);
console.log("| sweep tick | ticks | p50 ms | max ms |");
console.log("|---|---|---|---|");
for (const r of rows) console.log(`| ${r.name} | ${r.ms.length} | ${fmt(percentile(r.ms, 50), 1)} | ${fmt(Math.max(...r.ms), 1)} |`);
console.log("\n| search | plan | execution ms | with index scans off, ms | ratio |");
console.log("|---|---|---|---|---|");
for (const s of searchRows)
  console.log(`| ${s.name} | ${s.plan} | ${fmt(s.indexed, 2)} | ${fmt(s.seq, 1)} | ${fmt(s.indexed / s.seq, 4)}× |`);
console.log(`\n${plans.join("\n\n")}`);
