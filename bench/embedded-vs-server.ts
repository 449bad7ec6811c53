/**
 * bench/embedded-vs-server: the same workload on the default embedded database (PGlite, one
 * serialised connection) and on a PostgreSQL server (DATABASE_URL, pool of 10), in the same run:
 * the board (5 stages × 50 cards with SLA fields, autocannon in its own process) over a generated
 * data set, and the step-action loop of bench/transitions with its caseChanged deliveries.
 * Usage: DATABASE_URL=postgres://… npm run bench:embedded [-- --cases 10000 --seconds 8 --concurrency 8]
 */
import type { ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { setupCity } from "./lib/city.js";
import { arg, autocannon, fmt, type LoadResult } from "./lib/load.js";
import { percentile } from "./lib/proc.js";
import { database, runScript, startServer } from "./lib/setup.js";
import { makeCases, runLoad } from "./transitions.js";

const CASES = Number(arg("cases", "10000"));
const SECONDS = Number(arg("seconds", "8"));
const CONCURRENCY = Number(arg("concurrency", "8"));
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error("bench:embedded compares with a PostgreSQL server: set DATABASE_URL");
const BOARD = JSON.stringify({
  query: `{ board(perColumn: 50, filter: { stages: [DISPOSITION, INITIAL_RESPONSE, ANALYSIS, DELIVERY, CONFIRMATION] }) { columns { stage count overdueCount cards { trackingNumber title stage stageDueAt opd { code name } sla { state remainingSeconds dueAt } } } } }`,
});

const stop = async (child: ChildProcess) => {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
};

const rows: { name: string; generate: number; board: LoadResult; rate: number; p50: number; p99: number; failed: number }[] = [];
for (const name of ["PostgreSQL server", "embedded PGlite"]) {
  if (name === "embedded PGlite") delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = serverUrl;
  const db = await database();
  try {
    const g = await runScript<{ seconds: number }>("bench/lib/generate.ts", db.env, [String(CASES), "20", "3"]);
    const { child, url } = await startServer(db.env);
    try {
      const city = await setupCity(url);
      const headers = { authorization: `Bearer ${city.instansi}` };
      await autocannon({ url, body: BOARD, headers, connections: 8, seconds: 2 });
      const board = await autocannon({ url, body: BOARD, headers, connections: 8, seconds: SECONDS });
      if (board.non2xx || board.errors) throw new Error(`${name} board: ${board.non2xx} non-2xx, ${board.errors} errors`);
      const cases = await makeCases(url, city, 64);
      const r = await runLoad({
        mode: "api",
        url,
        admin: city.admin,
        instansi: city.instansi,
        opdId: city.opdId,
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        cases,
      });
      rows.push({
        name,
        generate: g.seconds,
        board,
        rate: r.done / r.seconds,
        p50: percentile(r.latencies, 50),
        p99: percentile(r.latencies, 99),
        failed: r.failed,
      });
      console.log(
        `  ${name}: generated in ${g.seconds.toFixed(1)} s, board ${fmt(board.rps)} req/s, ${fmt(r.done / r.seconds)} step actions/s`,
      );
    } finally {
      await stop(child);
    }
  } finally {
    await db.drop();
  }
}
process.env.DATABASE_URL = serverUrl;

const base = rows[0];
console.log(
  `\nmachine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}; ${CASES.toLocaleString("en")} cases; board 8 connections, step actions ${CONCURRENCY} at once, ${SECONDS} s each`,
);
console.log(
  "| database | generate data set s | board req/s | board p50 ms | board p99 ms | step actions/s | → subscriber p50 ms | p99 ms | board ratio to server | actions ratio to server |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${fmt(r.generate, 1)} | ${fmt(r.board.rps)} | ${fmt(r.board.p50)} | ${fmt(r.board.p99)} | ${fmt(r.rate)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${fmt(r.board.rps / base.board.rps, 2)}× | ${fmt(r.rate / base.rate, 2)}× |`,
  );
}
