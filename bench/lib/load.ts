import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const autocannonBin = createRequire(import.meta.url).resolve("autocannon/autocannon.js");

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/**
 * Runs autocannon (npm, pinned) in its own process against one URL with a fixed POST body and
 * returns req/s and latency percentiles. The load generator never shares a process with a server.
 */
export function autocannon(o: {
  url: string;
  body?: string;
  headers?: Record<string, string>;
  connections?: number;
  seconds?: number;
  method?: string;
}): Promise<LoadResult> {
  const args = [
    autocannonBin,
    "--json",
    "-c",
    String(o.connections ?? 10),
    "-d",
    String(o.seconds ?? 10),
    "-m",
    o.method ?? (o.body ? "POST" : "GET"),
  ];
  for (const [k, v] of Object.entries({ ...(o.body ? { "content-type": "application/json" } : {}), ...o.headers }))
    args.push("-H", `${k}=${v}`);
  if (o.body) args.push("-b", o.body);
  args.push(o.url);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      const r = JSON.parse(out.trim().split("\n").at(-1)!);
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      });
    });
  });
}

/** One POST of a GraphQL operation; throws on any GraphQL error, so a benchmark never measures failures. */
export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

export const fmt = (x: number, d = 0): string =>
  Number.isFinite(x) ? x.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d }) : "—";
