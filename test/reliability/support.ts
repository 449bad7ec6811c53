import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

/** What a reliability test tried and found, on its own line in the test output. */
export function report(line: string): void {
  console.log(`[reliability] ${line}`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

/** Polls until `check` holds or the time is up; returns whether it held. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(everyMs);
  }
}

export interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

function track(child: ChildProcess): Child {
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Should the test's worker die before its afterAll, the child goes with it.
  const orphanGuard = () => child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  void exited.then(() => process.off("exit", orphanGuard));
  return {
    process: child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGKILL");
      }
      await exited;
    },
  };
}

/** A throwaway redis-server of this test's own (never the machine's shared one), nothing saved. */
export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

export async function startOwnRedis(port: number): Promise<Child> {
  const child = track(
    spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "pipe" }),
  );
  const up = await eventually(() => child.output().includes("Ready to accept connections"), 10_000);
  if (!up) throw new Error(`redis-server did not start:\n${child.output()}`);
  return child;
}

/** The PostgreSQL server binaries of the machine (initdb, pg_ctl, postgres), if any. */
export function postgresBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : null;
}

export interface OwnPostgres {
  /** Superuser URL of the throwaway cluster. */
  url: string;
  /** The postmaster. */
  pid: number;
  /** SIGSTOP or SIGCONT to the postmaster and every backend it forked: the whole server pauses. */
  signal(signal: "SIGSTOP" | "SIGCONT"): void;
  stop(): Promise<void>;
}

/** A process and all its descendants, from /proc. */
function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(parents.get(all[i]) ?? []));
  return all;
}

function signalTree(pid: number, signal: NodeJS.Signals): void {
  for (const p of processTree(pid)) {
    try {
      process.kill(p, signal);
    } catch {
      // gone meanwhile
    }
  }
}

/**
 * A throwaway PostgreSQL cluster in a temp dir on a free loopback port, owned by this test.
 * initdb refuses to run as root, so as root it runs as the `postgres` account through runuser.
 * Returns a reason instead when that is not possible here.
 */
export async function startOwnPostgres(): Promise<OwnPostgres | string> {
  const bin = postgresBinDir();
  if (!bin) return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin";
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? ["runuser", "-u", "postgres", "--"] : [];
  if (asRoot && spawnSync("runuser", ["-u", "postgres", "--", "true"]).status !== 0)
    return "running as root and cannot run initdb as the postgres account";
  const dir = mkdtempSync(join(tmpdir(), "desk-own-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const run = (cmd: string, args: string[]) =>
    spawnSync(prefix[0] ?? cmd, [...prefix.slice(1), ...(prefix.length ? [cmd] : []), ...args], { encoding: "utf8" });
  const init = run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `initdb failed: ${(init.stderr || init.stdout).trim().split("\n").slice(-2).join(" ")}`;
  }
  const port = await freePort();
  const [cmd, ...args] = [
    ...prefix,
    join(bin, "postgres"),
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "max_connections=50",
  ];
  const child = track(spawn(cmd, args, { stdio: "pipe" }));
  const up = await eventually(() => child.output().includes("ready to accept connections") || child.process.exitCode !== null, 20_000);
  if (!up || child.process.exitCode !== null) {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
    return `postgres did not start: ${child.output().trim().split("\n").slice(-2).join(" ")}`;
  }
  // With runuser in between, the postmaster is runuser's child: find it by its pid file.
  const pid = Number(spawnSync("head", ["-1", join(data, "postmaster.pid")], { encoding: "utf8" }).stdout.trim());
  const orphanGuard = () => {
    signalTree(pid, "SIGCONT");
    signalTree(pid, "SIGQUIT");
  };
  process.once("exit", orphanGuard);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pid,
    signal: (signal) => signalTree(pid, signal),
    async stop() {
      process.off("exit", orphanGuard);
      signalTree(pid, "SIGCONT");
      try {
        process.kill(pid, "SIGQUIT");
      } catch {
        // already gone
      }
      await Promise.race([child.exited, sleep(10_000)]);
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A separate process serving the embedded database (PGlite behind its socket server), as server/src/db/embedded.ts does in-process. */
export async function startPgliteProcess(dataDir: string): Promise<OwnPostgres | string> {
  const child = track(
    spawn(process.execPath, ["--import", "tsx", join(root, "test/reliability/pglite-server.ts"), dataDir], { cwd: root, stdio: "pipe" }),
  );
  const up = await eventually(() => /PGLITE (\S+)/.test(child.output()) || child.process.exitCode !== null, 60_000);
  const url = /PGLITE (\S+)/.exec(child.output())?.[1];
  if (!up || !url) {
    await child.stop();
    return `PGlite socket server did not start: ${child.output().trim()}`;
  }
  const pid = child.process.pid!;
  return { url, pid, signal: (signal) => process.kill(pid, signal), stop: child.stop };
}
