import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runServer } from "./support/process.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the server process", () => {
  it("refuses bad configuration with a message naming each variable, and exits non-zero", async () => {
    const run = runServer({ PORT: "not-a-port", DATABASE_URL: "mysql://nope" });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/PORT/);
    expect(run.output()).toMatch(/DATABASE_URL: must be a postgres/);
  });

  it("starts on an empty embedded database with the setup code in its log, refuses a second process on the same data, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "desk-proc-"));
    dirs.push(dataDir);
    const first = runServer({ DATA_DIR: dataDir, SEED_DEMO: "false" });
    await first.waitFor("ready");
    await first.waitFor("setup code");
    expect(first.output()).toMatch(
      /no accounts yet: open http:\/\/127\.0\.0\.1:\d+\/login and set up the desk's first superuser with the setup code [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}/,
    );
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
