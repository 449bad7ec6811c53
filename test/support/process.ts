import { spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export interface Run {
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
  waitFor: (text: string) => Promise<void>;
  /** The API URL the process printed when ready. */
  url: () => string;
  /** The process id (to read its memory, or stop it with a signal of the test's choosing). */
  pid: number;
}

/** The real entry point as `npm start` runs it, in its own process. */
export function runServer(env: Record<string, string>): Run {
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
    pid: child.pid!,
    url: () => /API (http:\/\/\S+)/.exec(out)?.[1] ?? "",
    async waitFor(text) {
      const until = Date.now() + 60_000;
      while (!out.includes(text)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no "${text}" in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
