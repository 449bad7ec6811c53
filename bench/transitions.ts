/**
 * bench/transitions: SOP step actions per second (returnToInstansi ↔ forwardToOpd, each with its
 * event, stage visits, outbox and pubsub) and the time from sending a mutation to the change
 * arriving on another client's caseChanged subscription; against a baseline in the same run: the
 * same loops as bare SQL write transactions (lock, bump version, append event) on the same database.
 * Usage: npm run bench:transitions [-- --seconds 10 --concurrency 16,32 --cases 256]
 * Uses DATABASE_URL when set (a throwaway database on that server), else the embedded database.
 */
import { fork } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { setupCity, type City } from "./lib/city.js";
import { arg, fmt, gql } from "./lib/load.js";
import { commandCpu, commandCpuSince, cpuSeconds, machineTicks, percentile } from "./lib/proc.js";
import { database, startServer } from "./lib/setup.js";

const SECONDS = Number(arg("seconds", "10"));
/** One row of step actions per count of concurrent clients; the bare-SQL baseline under the largest. */
const CONCURRENCY = arg("concurrency", "16,32").split(",").map(Number);
if (!CONCURRENCY.every((n) => Number.isInteger(n) && n > 0))
  throw new Error("--concurrency: positive whole numbers, comma-separated (e.g. 16,32)");
const MOST = Math.max(...CONCURRENCY);
const GOAL = { rate: 1000, p99: 50 };
const CASES = Number(arg("cases", "256"));

interface Result {
  done: number;
  failed: number;
  seconds: number;
  latencies: number[];
  /** The desk server's CPU use during the row, % of one core. */
  cpu?: number;
  /** How busy the whole machine was during the row, % of all its cores. */
  machine?: number;
  /** CPU seconds during the loops: the load process's own, every `postgres` process's, the desk server's. */
  loadCpuSeconds: number;
  postgresCpuSeconds?: number;
  serverCpuSeconds?: number;
}

export async function makeCases(url: string, city: City, n: number) {
  const cases: { id: string; version: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = await gql(
      url,
      `mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { case { id version } } }`,
      {
        i: { title: `Pengaduan ${i}`, description: "Uji beban", anonymous: true, confidential: false, channel: "LAPOR" },
      },
      city.instansi,
    );
    const f = await gql(
      url,
      `mutation($id: ID!, $v: Int!, $o: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $o) { id version } }`,
      { id: r.recordComplaint.case.id, v: r.recordComplaint.case.version, o: city.opdId },
      city.instansi,
    );
    cases.push(f.forwardToOpd);
  }
  return cases;
}

/** Runs the load process; `phase` is called as its loops start and as they finish (not its start-up or drain). */
export function runLoad(start: object, phase: (p: "started" | "finished") => void = () => undefined): Promise<Result> {
  const child = fork(join(import.meta.dirname, "lib/transition-load.ts"), [], { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.on("message", (m: any) => {
      if (m.ready) child.send(start);
      else if (m.phase) phase(m.phase);
      else {
        resolve(m);
        child.kill();
      }
    });
    child.on("exit", (code) => code && reject(new Error(`load process exited ${code}`)));
  });
}

if (import.meta.filename === process.argv[1]) {
  const db = await database();
  const rows: { name: string; mode: "api" | "sql"; concurrency: number; r: Result }[] = [];
  try {
    const { child, url } = await startServer(db.env);
    try {
      const city = await setupCity(url);
      const cases = await makeCases(url, city, CASES);
      const base = {
        url,
        databaseUrl: db.env.DATABASE_URL,
        admin: city.admin,
        instansi: city.instansi,
        opdId: city.opdId,
        seconds: SECONDS,
      };
      for (const [name, mode, concurrency] of [
        ["step actions, 1 client at a time", "api", 1] as const,
        ...CONCURRENCY.map((n) => [`step actions, ${n} at once`, "api", n] as const),
        [`baseline: bare SQL write transactions, ${MOST} at once`, "sql", MOST] as const,
      ]) {
        if (mode === "sql" && !db.env.DATABASE_URL) continue;
        // CPU is counted over the loops only, not the load process's start-up and drain.
        let cpu0 = 0;
        let pg0 = new Map<number, number>();
        let machine0 = { busy: 0, total: 0 };
        let wall0 = 0;
        let cpu = 0;
        let machine = 0;
        let serverCpu = 0;
        let postgresCpu = 0;
        const r = await runLoad({ ...base, mode, concurrency, cases: cases.map((c) => ({ ...c })) }, (phase) => {
          if (phase === "started") {
            [cpu0, pg0, machine0, wall0] = [cpuSeconds(child.pid!), commandCpu("postgres"), machineTicks(), performance.now()];
            return;
          }
          const machine1 = machineTicks();
          serverCpu = cpuSeconds(child.pid!) - cpu0;
          postgresCpu = commandCpuSince("postgres", pg0);
          cpu = (100 * serverCpu) / ((performance.now() - wall0) / 1000);
          machine = (100 * (machine1.busy - machine0.busy)) / (machine1.total - machine0.total);
        });
        if (mode === "api") [r.cpu, r.serverCpuSeconds] = [cpu, serverCpu];
        // The embedded database runs inside the desk server: its CPU is in the server's.
        if (db.env.DATABASE_URL) r.postgresCpuSeconds = postgresCpu;
        r.machine = machine;
        rows.push({ name, mode, concurrency, r });
        // the API rows move the cases; carry their versions forward
        if (mode === "api") cases.splice(0, cases.length, ...(await currentVersions(url, city, cases)));
        console.log(
          `  ${name}: ${fmt(r.done / r.seconds)}/s, ${r.failed} failed, delivery p50 ${fmt(percentile(r.latencies, 50), 1)} ms p99 ${fmt(percentile(r.latencies, 99), 1)} ms`,
        );
      }
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  } finally {
    await db.drop();
  }
  const sql = rows.find((x) => x.mode === "sql");
  console.log(
    `\nmachine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}, ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite"}; ${SECONDS} s per row, ${CASES} cases`,
  );
  console.log(
    "| load | mutations/s | failed | mutation → subscriber p50 ms | p99 ms | deliveries | desk server CPU % | machine busy % | CPU ms per mutation: desk server / PostgreSQL / load process | ratio to bare SQL |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  const perMutation = (seconds: number | undefined, r: Result) => (seconds === undefined ? "—" : fmt((1000 * seconds) / r.done, 2));
  for (const { name, r } of rows) {
    const rate = r.done / r.seconds;
    console.log(
      `| ${name} | ${fmt(rate)} | ${r.failed} | ${fmt(percentile(r.latencies, 50), 1)} | ${fmt(percentile(r.latencies, 99), 1)} | ${r.latencies.length ? `${r.latencies.length}/${r.done}` : ""} | ${r.cpu === undefined ? "" : fmt(r.cpu)} | ${fmt(r.machine ?? NaN)} | ${perMutation(r.serverCpuSeconds, r)} / ${perMutation(r.postgresCpuSeconds, r)} / ${perMutation(r.loadCpuSeconds, r)} | ${sql ? fmt(rate / (sql.r.done / sql.r.seconds), 2) + "×" : ""} |`,
    );
  }
  console.log("");
  for (const { name, r } of rows.filter((x) => x.mode === "api" && x.concurrency > 1)) {
    const rate = r.done / r.seconds;
    const p99 = percentile(r.latencies, 99);
    const ms = (1000 * (r.serverCpuSeconds! + (r.postgresCpuSeconds ?? 0) + r.loadCpuSeconds)) / r.done;
    console.log(
      `${name}: goal (≥ ${fmt(GOAL.rate)}/s and p99 ≤ ${GOAL.p99} ms) ${rate >= GOAL.rate && p99 <= GOAL.p99 && r.failed === 0 ? "met" : "not met"}; ` +
        `CPU ceiling: ${fmt(ms, 2)} ms of CPU per step action (desk server, PostgreSQL and load process together), so ` +
        `${cpus().length} cores give at most ${fmt((cpus().length * 1000) / ms)}/s with nothing else running; the desk server alone, one process, at most ${fmt(r.done / r.serverCpuSeconds!)}/s.`,
    );
  }
}

async function currentVersions(url: string, city: City, cases: { id: string }[]) {
  const out: { id: string; version: number }[] = [];
  for (const c of cases) {
    const d = await gql(url, `query($id: ID!) { case(id: $id) { id version stage } }`, { id: c.id }, city.instansi);
    if (d.case.stage !== "INITIAL_RESPONSE") {
      const f = await gql(
        url,
        `mutation($id: ID!, $v: Int!, $o: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $o) { id version } }`,
        { id: c.id, v: d.case.version, o: city.opdId },
        city.instansi,
      );
      out.push(f.forwardToOpd);
    } else out.push({ id: d.case.id, version: d.case.version });
  }
  return out;
}
