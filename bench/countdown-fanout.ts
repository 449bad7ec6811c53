/**
 * bench/countdown-fanout: N graphql-ws slaCountdown subscribers on one scope while one case in it
 * changes every second, against a bare `ws` server broadcasting the same deltas, in the same run.
 * Usage: npm run bench:countdown [-- --sizes 1000,5000,10000 --seconds 15 --ticks 500,1000,2000]
 * Uses DATABASE_URL when set (a throwaway database on that server), else the embedded database.
 */
import { fork, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { arg } from "./lib/load.js";
import { cpuSeconds, percentile, rssMiB } from "./lib/proc.js";
import { database, startServer } from "./lib/setup.js";

const SIZES = arg("sizes", "1000,5000,10000").split(",").map(Number);
const TICK_SIZES = arg("ticks", "500,1000,2000").split(",").filter(Boolean).map(Number);
const SECONDS = Number(arg("seconds", "15"));
const WORKERS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

interface Workers {
  procs: ChildProcess[];
  ask: (msg: object, reply: string) => Promise<any[]>;
}

async function startWorkers(start: object, count: number): Promise<Workers> {
  const procs = Array.from({ length: WORKERS }, () =>
    fork(join(import.meta.dirname, "lib/clients.ts"), [], { execArgv: ["--import", "tsx", "--max-old-space-size=4096"], stdio: "inherit" }),
  );
  const ask = (msg: object, reply: string) =>
    Promise.all(
      procs.map(
        (p) =>
          new Promise<any>((r) => {
            const on = (m: any) => {
              if (m.type === reply) {
                p.off("message", on);
                r(m);
              }
            };
            p.on("message", on);
            p.send(msg);
          }),
      ),
    );
  await Promise.all(procs.map((p) => new Promise((r) => p.once("message", r))));
  await Promise.all(
    procs.map(
      (p, i) =>
        new Promise((r) => {
          p.once("message", r);
          p.send({ type: "start", ...start, count: Math.floor(count / WORKERS) + (i < count % WORKERS ? 1 : 0) });
        }),
    ),
  );
  return { procs, ask };
}

interface Row {
  server: string;
  n: number;
  /** Subscribers that received at least one delta. */
  reached: number;
  p50: number;
  p99: number;
  missing: number;
  cpu: number;
  rss: number;
  err: number;
}

/** Changes the watched case every second for SECONDS; returns the instants of each change. */
async function drive(change: (k: number) => Promise<void>, pid: number): Promise<{ t0s: number[]; cpu: number }> {
  const t0s: number[] = [];
  const cpu0 = cpuSeconds(pid);
  const wall0 = Date.now();
  for (let k = 0; k < SECONDS; k++) {
    const tick = Date.now();
    t0s.push(tick);
    await change(k);
    await sleep(Math.max(0, 1000 - (Date.now() - tick)));
  }
  await sleep(1500);
  return { t0s, cpu: (100 * (cpuSeconds(pid) - cpu0)) / ((Date.now() - wall0) / 1000) };
}

let capturedDelta = "";

async function summarise(
  workers: Workers,
  t0s: number[],
): Promise<Omit<Row, "server" | "n" | "cpu" | "rss" | "reached"> & { reached: number }> {
  const reports = await workers.ask({ type: "report", t0s }, "report");
  capturedDelta = reports.find((r) => r.lastDelta)?.lastDelta ?? capturedDelta;
  const latencies = reports.flatMap((r) => r.latencies);
  const errors = reports.flatMap((r) => r.errors);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    missing: reports.reduce((n, r) => n + r.missing, 0),
    reached: reports.reduce((n, r) => n + r.subscribed, 0),
    err: percentile(errors, 99),
  };
}

async function stopWorkers(w: Workers) {
  w.procs.forEach((p) => p.send({ type: "stop" }));
  await Promise.all(w.procs.map((p) => new Promise((r) => p.once("exit", r))));
}

async function setupCity(url: string) {
  const su = (await gql(url, `mutation { login(username: "bench", password: "bench-password") { token } }`)).login.token;
  const opd = (await gql(url, `mutation { createOpd(code: "DISKOPUKMP", name: "Dinas Koperasi, UKM dan Perindustrian") { id } }`, {}, su))
    .createOpd;
  for (const [username, role, opdId] of [
    ["instansi", "ADMIN_INSTANSI", null],
    ["admin", "ADMIN_OPD", opd.id],
  ]) {
    await gql(
      url,
      `mutation($u: String!, $r: Role!, $o: ID) { createUser(username: $u, displayName: $u, password: "bench-password", role: $r, opdId: $o) { user { id } } }`,
      { u: username, r: role, o: opdId },
      su,
    );
  }
  const login = async (u: string) =>
    (await gql(url, `mutation($u: String!) { login(username: $u, password: "bench-password") { token } }`, { u })).login.token;
  const instansi = await login("instansi");
  const admin = await login("admin");
  const cases: { id: string; version: number }[] = [];
  for (let i = 0; i < 50; i++) {
    const r = await gql(
      url,
      `mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { case { id version } } }`,
      {
        i: { title: `Pengaduan ${i}`, description: "Uji beban", anonymous: true, confidential: false, channel: "LAPOR" },
      },
      instansi,
    );
    const f = await gql(
      url,
      `mutation($id: ID!, $v: Int!, $o: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $o) { id version } }`,
      { id: r.recordComplaint.case.id, v: r.recordComplaint.case.version, o: opd.id },
      instansi,
    );
    cases.push(f.forwardToOpd);
  }
  return { instansi, admin, opdId: opd.id, watched: cases[0] };
}

async function runOurs(n: number, tickSeconds?: number): Promise<Row> {
  const db = await database();
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const { child, url } = await startServer(db.env, profile);
  try {
    const city = await setupCity(url);
    let { version } = city.watched;
    const workers = await startWorkers(
      { mode: "graphql", url: url.replace("http", "ws"), token: city.admin, watchCaseId: city.watched.id, tickSeconds },
      n,
    );
    for (let t = 0; t < 240; t++) {
      const answers = await workers.ask({ type: "snapshots" }, "snapshots");
      const got = answers.reduce((s, r) => s + r.snapshots, 0);
      if (process.env.BENCH_DEBUG) console.log("snapshots", got, JSON.stringify(answers.map((a) => a.closes)));
      if (got >= n) break;
      await sleep(500);
    }
    await sleep(2000);
    const { t0s, cpu } = await drive(async (k) => {
      const q =
        k % 2 === 0
          ? `mutation($id: ID!, $v: Int!) { returnToInstansi(caseId: $id, expectedVersion: $v, reason: "uji") { version } }`
          : `mutation($id: ID!, $v: Int!, $o: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $o) { version } }`;
      const d = await gql(url, q, { id: city.watched.id, v: version, o: city.opdId }, k % 2 === 0 ? city.admin : city.instansi);
      version = (Object.values(d)[0] as { version: number }).version;
    }, child.pid!);
    const rss = rssMiB(child.pid!);
    const summary = await summarise(workers, tickSeconds ? [] : t0s);
    const tickLag = tickSeconds ? (await workers.ask({ type: "report", t0s: [] }, "report")).flatMap((r) => r.ticks) : [];
    await stopWorkers(workers);
    return tickSeconds
      ? {
          server: `graphql-ws tickSeconds=${tickSeconds}`,
          n,
          reached: n,
          p50: percentile(tickLag, 50),
          p99: percentile(tickLag, 99),
          missing: 0,
          cpu,
          rss,
          err: NaN,
        }
      : { server: "graphql-ws slaCountdown", n, cpu, rss, ...summary };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await db.drop();
  }
}

async function runRaw(n: number): Promise<Row> {
  const sample = capturedDelta.replace('"caseId":', '"caseId":"watched","was":');
  const server = fork(join(import.meta.dirname, "lib/raw-ws-server.ts"), [], { execArgv: ["--import", "tsx"] });
  const { port } = await new Promise<{ port: number }>((r) => server.once("message", (m) => r(m as { port: number })));
  try {
    const workers = await startWorkers({ mode: "raw", url: `ws://127.0.0.1:${port}`, watchCaseId: "watched" }, n);
    await sleep(2000);
    const { t0s, cpu } = await drive(async () => {
      await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: sample });
    }, server.pid!);
    const rss = rssMiB(server.pid!);
    const summary = await summarise(workers, t0s);
    await stopWorkers(workers);
    return { server: "raw ws broadcast", n, cpu, rss, ...summary };
  } finally {
    server.kill("SIGTERM");
  }
}

const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "—");
const rows: Row[] = [];
console.log(
  `machine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}, ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite"}; ${SECONDS} changes per size`,
);
for (const n of SIZES) {
  const ours = await runOurs(n);
  const raw = await runRaw(n);
  rows.push(ours, raw);
  console.log(`N=${n}: graphql-ws p99 ${fmt(ours.p99)} ms, raw ws p99 ${fmt(raw.p99)} ms`);
}
for (const n of TICK_SIZES) rows.push(await runOurs(n, 1));

console.log(
  "\n| server | subscribers | reached | p50 ms | p99 ms | missed deliveries | server CPU % | RSS MiB | countdown error p99 s | p99 ratio to raw ws |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const raw = rows.find((x) => x.server === "raw ws broadcast" && x.n === r.n);
  const ratio = raw && r !== raw && !r.server.includes("tick") ? fmt(r.p99 / raw.p99, 1) + "×" : "";
  console.log(
    `| ${r.server} | ${r.n} | ${r.server.includes("tick") ? "" : r.reached} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.missing} | ${fmt(r.cpu)} | ${fmt(r.rss)} | ${fmt(r.err, 3)} | ${ratio} |`,
  );
}
console.log(
  "\ntickSeconds rows: lag from a tick's serverTime to its arrival; a tick lagging past 1000 ms means the mode is past its ceiling.",
);
