import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";

export const root = resolve(import.meta.dirname, "../..");

/** A throwaway database on DATABASE_URL's server, or a fresh embedded data directory. */
export async function database(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), "desk-bench-"));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `desk_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const files = mkdtempSync(join(tmpdir(), "desk-bench-files-"));
  return {
    env: { DATABASE_URL: url.toString(), DATA_DIR: files },
    drop: async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(files, { recursive: true, force: true });
    },
  };
}

/**
 * The real server as a child process; resolves with its URL once it listens. BENCH_SERVER_NODE_ARGS
 * adds Node options to every server a bench starts, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 * The server writes its output (a line per request) to a file, not a pipe: read through a pipe,
 * every line woke this process, whose CPU comes out of the two cores the server and PostgreSQL share.
 */
export function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const logFile = join(mkdtempSync(join(tmpdir(), "desk-bench-log-")), "server.log");
  const fd = openSync(logFile, "w");
  const child = spawn(process.execPath, [...extra, ...nodeArgs, "--import", "tsx", "server/src/main.ts"], {
    cwd: root,
    stdio: ["ignore", fd, fd],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      SEED_DEMO: "false",
      SLA_SWEEP_SECONDS: "0",
      SLA_HEARTBEAT_SECONDS: "5",
      BOOTSTRAP_SUPERUSER: "bench:bench-password",
      RATE_LIMIT_PER_MINUTE: "0",
      WS_CONNECTIONS_PER_IDENTITY: "0",
      WS_OPERATIONS_PER_CONNECTION: "0",
      ...env,
    },
  });
  closeSync(fd);
  return new Promise((resolveStart, reject) => {
    const poll = setInterval(() => {
      const m = /API (http:\/\/\S+)/.exec(readFileSync(logFile, "utf8"));
      if (!m) return;
      clearInterval(poll);
      child.off("exit", failed);
      child.once("exit", removeLog);
      resolveStart({ child, url: m[1] });
    }, 100);
    const removeLog = () => rmSync(dirname(logFile), { recursive: true, force: true });
    const failed = (code: number | null) => {
      clearInterval(poll);
      const tail = readFileSync(logFile, "utf8").slice(-16_384);
      removeLog();
      reject(new Error(`server exited ${code}: ${tail}`));
    };
    child.once("exit", failed);
  });
}

/** Runs a TypeScript script as a child process and parses the JSON it prints last. */
export function runScript<T>(script: string, env: Record<string, string>, args: string[] = []): Promise<T> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env } });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  return new Promise((resolveRun, reject) => {
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err}${out}`));
      resolveRun(JSON.parse(out.trim().split("\n").at(-1)!) as T);
    });
  });
}
