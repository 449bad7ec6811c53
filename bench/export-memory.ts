/**
 * bench/export-memory: exports of 100k generated cases (with their visits and events) through the
 * running server as CSV, XLSX and JSON, sampling the server's resident memory while each streams,
 * against a baseline measured in the same run: the same data read into memory at once and built as one JSON.
 * The server runs with its JS heap capped (--heap, MiB), the baseline without a cap.
 * Usage: npm run bench:export [-- --cases 100000 --heap 128]
 * Uses DATABASE_URL when set (a throwaway database on that server), else the embedded database.
 */
import { cpus } from "node:os";
import { arg } from "./lib/load.js";
import { rssMiB } from "./lib/proc.js";
import { database, runScript, startServer } from "./lib/setup.js";

const CASES = Number(arg("cases", "100000"));
/** The server's JS heap is capped: an export that finishes under it cannot have held the data set. */
const HEAP_MIB = Number(arg("heap", "128"));

interface Measured {
  label: string;
  rows: number;
  bytes: number;
  seconds: number;
  idleMiB: number;
  peakMiB: number;
}

async function login(url: string): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation { login(username: "bench", password: "bench-password") { token } }` }),
  });
  return ((await res.json()) as { data: { login: { token: string } } }).data.login.token;
}

async function exportThrough(url: string, token: string, pid: number, path: string): Promise<Measured> {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 1_000));
  const idleMiB = rssMiB(pid);
  let peakMiB = idleMiB;
  const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB(pid))), 20);
  const started = performance.now();
  const res = await fetch(new URL(path, url), { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { label: path, rows: Number(res.headers.get("x-export-total")), bytes, seconds, idleMiB, peakMiB };
}

const db = await database();
try {
  console.log(`generating ${CASES.toLocaleString("en")} cases over 20 OPDs…`);
  const generated = await runScript<{ cases: number; visits: number; events: number; seconds: number }>("bench/lib/generate.ts", db.env, [
    String(CASES),
    "20",
  ]);
  console.log(`  ${generated.cases} cases, ${generated.visits} visits, ${generated.events} events in ${generated.seconds.toFixed(1)} s`);

  const { child, url } = await startServer(db.env, [`--max-old-space-size=${HEAP_MIB}`]);
  const results: Measured[] = [];
  try {
    const token = await login(url);
    for (const path of ["/exports/cases.csv", "/exports/cases.csv?part=events", "/exports/cases.json", "/exports/cases.xlsx"]) {
      const m = await exportThrough(url, token, child.pid!, path);
      results.push(m);
      console.log(
        `  ${path}: ${(m.bytes / 2 ** 20).toFixed(1)} MiB in ${m.seconds.toFixed(1)} s, server RSS ${m.idleMiB.toFixed(0)} → ${m.peakMiB.toFixed(0)} MiB`,
      );
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  const naive = await runScript<Omit<Measured, "label">>("bench/lib/naive-export.ts", db.env);
  results.push({ label: "baseline: load all, one JSON", ...naive });

  const growth = (m: Measured) => m.peakMiB - m.idleMiB;
  const json = results.find((r) => r.label === "/exports/cases.json")!;
  console.log(
    `\nmachine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}, ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite"}; server heap capped at ${HEAP_MIB} MiB`,
  );
  console.log("| export | cases | size | time | MB/s | RSS idle → peak | RSS growth |");
  console.log("|---|---|---|---|---|---|---|");
  for (const m of results) {
    const mib = m.bytes / 2 ** 20;
    console.log(
      `| ${m.label} | ${m.rows.toLocaleString("en")} | ${mib.toFixed(1)} MiB | ${m.seconds.toFixed(1)} s | ${(mib / m.seconds).toFixed(1)} | ${m.idleMiB.toFixed(0)} → ${m.peakMiB.toFixed(0)} MiB | ${growth(m).toFixed(0)} MiB |`,
    );
  }
  console.log(
    `\nJSON export memory growth vs the load-all baseline: ${(growth(json) / growth(naive as Measured)).toFixed(3)}× (${growth(json).toFixed(0)} vs ${growth(naive as Measured).toFixed(0)} MiB); time ${(json.seconds / naive.seconds).toFixed(2)}×`,
  );
} finally {
  await db.drop();
}
