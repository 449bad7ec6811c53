import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
  waitFor: (text: string) => Promise<void>;
}

/** The real entry point as `npm start` runs it, in its own process. */
function runServer(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "false", ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return {
    output: () => out,
    exited,
    kill: (signal) => child.kill(signal),
    async waitFor(text) {
      const until = Date.now() + 60_000;
      while (!out.includes(text)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no "${text}" in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

describe("the server process", () => {
  it("refuses bad configuration with a message naming each variable, and exits non-zero", async () => {
    const run = runServer({ PORT: "not-a-port", DATABASE_URL: "mysql://nope" });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/PORT/);
    expect(run.output()).toMatch(/DATABASE_URL: must be a postgres/);
  });

  it("starts on the embedded database, refuses a second process on the same data, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "desk-proc-"));
    dirs.push(dataDir);
    const first = runServer({ DATA_DIR: dataDir });
    await first.waitFor("ready");
    expect(existsSync(join(dataDir, "desk.lock"))).toBe(true);
    const second = runServer({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(2);
    expect(second.output()).toMatch(/is in use by another process/);
    first.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/SIGTERM: draining and stopping/);
    expect(existsSync(join(dataDir, "desk.lock"))).toBe(false);
  });
});
