/**
 * bench/board-vs-postgraphile: the kanban board (5 running stages × 50 cards with their SLA fields)
 * read through the desk's API and through PostGraphile 4 over the same tables of the same
 * database, in the same run: req/s and latency under autocannon (its own process), and SQL
 * statements per request counted on the wire (a counting proxy in front of PostgreSQL). A fourth
 * row runs the desk with compiled execution off, so its share is measured in the same run. CPU
 * per request (the server process, and every PostgreSQL process) is read from /proc over the
 * measured run: on a shared machine it moves less than req/s does.
 * Usage: DATABASE_URL=postgres://… npm run bench:board [-- --cases 100000 --seconds 10 --connections 16 --rounds 1]
 */
import { fork, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { setupCity } from "./lib/city.js";
import { arg, autocannon, fmt, gql, type LoadResult } from "./lib/load.js";
import { startCountingProxy, throughProxy } from "./lib/pg-count-proxy.js";
import { commandCpu, commandCpuSince, cpuSeconds } from "./lib/proc.js";
import { database, runScript, startServer } from "./lib/setup.js";

const CASES = Number(arg("cases", "100000"));
const SECONDS = Number(arg("seconds", "10"));
const CONNECTIONS = Number(arg("connections", "16"));
const ROUNDS = Number(arg("rounds", "1"));
const COUNT_REQUESTS = 40;
if (!process.env.DATABASE_URL) throw new Error("bench:board compares against PostGraphile on a real PostgreSQL: set DATABASE_URL");

const RUNNING = ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION"];
const OURS = `{ board(perColumn: 50, filter: { stages: [${RUNNING.join(", ")}] }) { columns { stage count overdueCount cards { trackingNumber title stage stageDueAt opd { code name } sla { state remainingSeconds dueAt } } } } }`;
const camel = (s: string) => s.toLowerCase().replace(/_(.)/g, (_, c: string) => c.toUpperCase());
/** The same board the way PostGraphile serves it: one connection per stage, its relation and a computed column inlined. */
const PEER = `{ ${RUNNING.map(
  (s) =>
    `${camel(s)}: allComplaintCases(condition: { stage: "${s}" }, orderBy: STAGE_DUE_AT_ASC, first: 50) { totalCount nodes { trackingNumber title stage stageDueAt remainingSeconds opdByOpdId { code name } } }`,
).join(" ")} }`;

interface Target {
  name: string;
  start: (databaseUrl: string) => Promise<{ url: string; pid: number; stop: () => Promise<void> }>;
  body: string;
  headers: Record<string, string>;
  check: (data: any) => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stopChild = async (child: ChildProcess) => {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
};

const db = await database();
/** `serverCpu`, `postgresCpu`: CPU ms per request during the measured run. */
const rows: { name: string; load: LoadResult; statements: number; sample: Map<string, number>; serverCpu: number; postgresCpu: number }[] =
  [];
try {
  console.log(`generating ${CASES.toLocaleString("en")} cases over 20 OPDs…`);
  const g = await runScript<{ cases: number; visits: number; events: number; seconds: number }>("bench/lib/generate.ts", db.env, [
    String(CASES),
    "20",
    "3",
  ]);
  console.log(`  ${g.cases} cases, ${g.visits} visits, ${g.events} events in ${g.seconds.toFixed(1)} s`);
  // The SLA field PostGraphile can serve: remaining time as a computed column (its convention), inlined into its SQL.
  const admin = new pg.Client({ connectionString: db.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE FUNCTION complaint_case_remaining_seconds(c complaint_case) RETURNS double precision LANGUAGE sql STABLE
                       AS $$ SELECT extract(epoch FROM c.stage_due_at - now()) $$`);
  await admin.end();

  // Staff and a token, made once on a server of our own (users persist in the database).
  const setup = await startServer(db.env);
  const city = await setupCity(setup.url);
  await stopChild(setup.child);

  const ours = (name: string, token: string, env: Record<string, string> = {}): Target => ({
    name,
    body: JSON.stringify({ query: OURS }),
    headers: { authorization: `Bearer ${token}` },
    start: async (databaseUrl) => {
      const { child, url } = await startServer({ ...db.env, ...env, DATABASE_URL: databaseUrl });
      return { url, pid: child.pid!, stop: () => stopChild(child) };
    },
    check: (d) => d.board.columns.reduce((n: number, c: any) => n + c.cards.length, 0),
  });
  const peer: Target = {
    name: "PostGraphile 4.14.1",
    body: JSON.stringify({ query: PEER }),
    headers: {},
    start: async (databaseUrl) => {
      const child = fork(join(import.meta.dirname, "lib/postgraphile-server.ts"), [], {
        execArgv: ["--import", "tsx"],
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
      });
      const { port } = await new Promise<{ port: number }>((r) => child.once("message", (m) => r(m as { port: number })));
      return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid!, stop: () => stopChild(child) };
    },
    check: (d) => RUNNING.reduce((n, s) => n + d[camel(s)].nodes.length, 0),
  };
  const targets = [
    ours("desk, signed-in Admin Instansi", city.instansi),
    ours("desk, API token (Admin Instansi)", city.apiToken),
    ours("desk, signed-in, graphql-js only (GRAPHQL_COMPILE_AFTER=0)", city.instansi, { GRAPHQL_COMPILE_AFTER: "0" }),
    peer,
  ];

  const proxyTarget = new URL(db.env.DATABASE_URL);
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) {
      // 1. Statements per request, through the counting proxy.
      const proxy = await startCountingProxy({ host: proxyTarget.hostname, port: Number(proxyTarget.port || 5432) });
      const counted = await t.start(throughProxy(db.env.DATABASE_URL, proxy));
      const send = async () => {
        const res = await fetch(counted.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...t.headers },
          body: t.body,
        });
        const body = (await res.json()) as { data?: unknown; errors?: unknown };
        if (body.errors || !body.data) throw new Error(`${t.name}: ${JSON.stringify(body.errors)}`);
        return body.data;
      };
      const cards = t.check(await send());
      if (cards !== 250) throw new Error(`${t.name}: ${cards} cards, not 250`);
      for (let i = 0; i < 5; i++) await send();
      await sleep(2500); // let periodic writes (the token use log, every 2 s) fall in the window as they would
      proxy.reset();
      for (let i = 0; i < COUNT_REQUESTS; i++) await send();
      await sleep(2500);
      const statements = proxy.count() / COUNT_REQUESTS;
      const sample = proxy.texts();
      await counted.stop();
      await proxy.close();

      // 2. Throughput and latency, straight to PostgreSQL.
      const server = await t.start(db.env.DATABASE_URL);
      try {
        await autocannon({ url: server.url, body: t.body, headers: t.headers, connections: CONNECTIONS, seconds: 3 }); // warm-up
        const [cpu0, pg0] = [cpuSeconds(server.pid), commandCpu("postgres")];
        const load = await autocannon({ url: server.url, body: t.body, headers: t.headers, connections: CONNECTIONS, seconds: SECONDS });
        const serverCpu = (1000 * (cpuSeconds(server.pid) - cpu0)) / load.requests;
        const postgresCpu = (1000 * commandCpuSince("postgres", pg0)) / load.requests;
        if (load.non2xx || load.errors) throw new Error(`${t.name}: ${load.non2xx} non-2xx, ${load.errors} errors`);
        rows.push({ name: t.name, load, statements, sample, serverCpu, postgresCpu });
        console.log(
          `  ${t.name}: ${fmt(load.rps)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ${statements.toFixed(2)} statements/request, CPU ms/request ${fmt(serverCpu, 2)} server ${fmt(postgresCpu, 2)} PostgreSQL`,
        );
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await db.drop();
}

const peerName = "PostGraphile 4.14.1";
const byName = (n: string) => rows.filter((r) => r.name === n);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `\nmachine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}, PostgreSQL server; ${CASES.toLocaleString("en")} cases, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} round(s)`,
);
console.log(
  "| server | req/s | p50 ms | p99 ms | SQL statements / request | req/s ratio to PostGraphile | CPU ms per request: server / PostgreSQL | server CPU per request, ratio to PostGraphile's |",
);
console.log("|---|---|---|---|---|---|---|---|");
const peerRps = mean(byName(peerName).map((r) => r.load.rps));
const peerCpu = mean(byName(peerName).map((r) => r.serverCpu));
for (const name of [...new Set(rows.map((r) => r.name))]) {
  const rs = byName(name);
  const rps = mean(rs.map((r) => r.load.rps));
  console.log(
    `| ${name} | ${fmt(rps)} | ${fmt(mean(rs.map((r) => r.load.p50)))} | ${fmt(mean(rs.map((r) => r.load.p99)))} | ${fmt(mean(rs.map((r) => r.statements)), 2)} | ${fmt(rps / peerRps, 2)}× | ` +
      `${fmt(mean(rs.map((r) => r.serverCpu)), 2)} / ${fmt(mean(rs.map((r) => r.postgresCpu)), 2)} | ${fmt(mean(rs.map((r) => r.serverCpu)) / peerCpu, 2)}× |`,
  );
}
console.log("\nstatements seen per server (counting phase):");
for (const name of [...new Set(rows.map((r) => r.name))]) {
  console.log(`  ${name}:`);
  for (const [sql, n] of [...byName(name)[0].sample].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`    ${n} × ${sql}`);
}
void gql;
