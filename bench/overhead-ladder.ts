/**
 * bench/overhead-ladder: the cost of each layer on a trivial query (`{ __typename }`), each as a
 * ratio of bare node:http measured in the same run: node:http → graphql-js (parse, validate,
 * execute) → Apollo Server 5 on express 5 → the desk's own server (its schema, plugins, auth
 * context, a JSON log line per request as deployed; rate limiter off). autocannon in its own process.
 * Usage: npm run bench:ladder [-- --seconds 8 --connections 16]
 * The desk's rung uses DATABASE_URL when set (a throwaway database), else the embedded database.
 */
import { fork, type ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { arg, autocannon, fmt, gql, type LoadResult } from "./lib/load.js";
import { database, startServer } from "./lib/setup.js";

const SECONDS = Number(arg("seconds", "8"));
const CONNECTIONS = Number(arg("connections", "16"));
const BODY = JSON.stringify({ query: "{ __typename }" });

const stop = async (child: ChildProcess) => {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
};
async function rung(kind: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(join(import.meta.dirname, "lib/ladder-server.ts"), [kind], { execArgv: ["--import", "tsx"] });
  const { port } = await new Promise<{ port: number }>((r) => child.once("message", (m) => r(m as { port: number })));
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}

const rows: { name: string; load: LoadResult }[] = [];
async function measure(name: string, url: string) {
  const answer = await gql(url, "{ __typename }");
  if (answer.__typename !== "Query") throw new Error(`${name}: ${JSON.stringify(answer)}`);
  await autocannon({ url, body: BODY, connections: CONNECTIONS, seconds: 2 });
  const load = await autocannon({ url, body: BODY, connections: CONNECTIONS, seconds: SECONDS });
  if (load.non2xx || load.errors) throw new Error(`${name}: ${load.non2xx} non-2xx, ${load.errors} errors`);
  rows.push({ name, load });
  console.log(`  ${name}: ${fmt(load.rps)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms`);
}

for (const [kind, name] of [
  ["node", "bare node:http"],
  ["graphql", "+ graphql-js execute"],
  ["apollo", "+ Apollo Server 5 (express 5)"],
]) {
  const { child, url } = await rung(kind);
  try {
    await measure(name, url);
  } finally {
    await stop(child);
  }
}
const db = await database();
try {
  const { child, url } = await startServer(db.env);
  try {
    await measure("+ the desk's schema and middleware", url);
  } finally {
    await stop(child);
  }
} finally {
  await db.drop();
}

const base = rows[0].load.rps;
console.log(
  `\nmachine: ${cpus().length} × ${cpus()[0].model}, node ${process.version}; ${CONNECTIONS} connections, ${SECONDS} s each; query { __typename }`,
);
console.log("| layer | req/s | p50 ms | p99 ms | req/s ratio to bare node | µs per request added by the layer |");
console.log("|---|---|---|---|---|---|");
rows.forEach((r, i) => {
  const added = i === 0 ? NaN : 1e6 / r.load.rps - 1e6 / rows[i - 1].load.rps;
  console.log(
    `| ${r.name} | ${fmt(r.load.rps)} | ${fmt(r.load.p50)} | ${fmt(r.load.p99)} | ${fmt(r.load.rps / base, 2)}× | ${i === 0 ? "" : fmt(added)} |`,
  );
});
