import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseAtInitialResponse } from "../support/cases.js";
import { ok } from "../support/client.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

// examples/overdue-and-alerts.mjs run as a user would: `node` in a child process, over real HTTP and WebSocket.

const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = "examples/overdue-and-alerts.mjs";
const CREATE = `mutation($role: Role!, $opd: ID, $scopes: [ApiScope!]!) {
  createApiToken(label: "Dasbor contoh", role: $role, opdId: $opd, scopes: $scopes) { token apiToken { id } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`;

let ts: TestServer;
let city: City;
let token: string;
/** A case of OPD A at step 2 that is not overdue yet when the first test lists. */
let fresh: { id: string };

interface Run {
  /** Resolves once stdout has matched, and has not matched earlier. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function run(args: string[], env: Record<string, string | undefined>): Run {
  const { DESK_TOKEN: _t, DESK_URL: _u, EXAMPLE_ONCE: _o, ...inherited } = process.env;
  const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env: { ...inherited, DESK_URL: ts.app.url, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on("close", (code) => done({ code, stdout, stderr })),
  );
  const timer = setTimeout(() => child.kill(), 50_000);
  void exit.then(() => clearTimeout(timer));
  return {
    async waitFor(pattern, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exit,
  };
}

async function makeToken(scopes = ["CASES_READ", "SLA_READ"]): Promise<{ token: string; id: string }> {
  const made = (await ok(ts.app.url, CREATE, { role: "ADMIN_OPD", opd: city.opdA.id, scopes }, city.tokens.instansi)).createApiToken;
  return { token: made.token, id: made.apiToken.id };
}

const tracking = async (id: string) =>
  (await ts.app.dataSource.query(`SELECT tracking_number FROM complaint_case WHERE id = $1`, [id]))[0].tracking_number as string;

/** Moves the test clock and lets the sweeper record what fell due. */
async function sweepAfter(hours: number): Promise<void> {
  await advanceHours(ts, city, hours);
  await ts.app.services.sweeper.sweepOnce();
}

/** The script prints "Listening" on connection_ack; graphql-ws has no acknowledgement of the subscribe that follows. */
const settle = () => new Promise((r) => setTimeout(r, 400));

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  token = (await makeToken()).token;
});
afterAll(() => ts?.stop());

describe("examples/overdue-and-alerts.mjs", () => {
  it("says who the token is and lists the overdue cases of its OPD across pages, in WITA", async () => {
    const late = [await caseAtInitialResponse(ts.app.url, city), await caseAtInitialResponse(ts.app.url, city)];
    const other = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint
      .case;
    await ok(ts.app.url, Q.forward, { id: other.id, v: other.version, opd: city.opdB.id }, city.tokens.instansi);
    await sweepAfter(2.1); // past step 2's 2 working hours
    fresh = await caseAtInitialResponse(ts.app.url, city);

    const { code, stdout, stderr } = await run(["--once"], { DESK_TOKEN: token, DESK_PAGE_SIZE: "1" }).exit;
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`API token "Dasbor contoh": ADMIN_OPD of ${city.opdA.name}, scopes CASES_READ, SLA_READ, expires`);
    expect(stdout).toContain("2 overdue cases:");
    for (const c of late)
      expect(stdout).toMatch(
        new RegExp(
          `${await tracking(c.id)}\\s+INITIAL_RESPONSE\\s+DISKOPUKMP\\s+\\w{3} \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d WITA\\s+\\d+h \\d\\dm over`,
        ),
      );
    expect(stdout).not.toContain(await tracking(other.id));
    expect(stdout).not.toContain(await tracking(fresh.id));
    expect(stdout).not.toContain("Listening");

    const again = await run([], { DESK_TOKEN: token, EXAMPLE_ONCE: "1" }).exit;
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("2 overdue cases:");
  });

  it("prints a breach alert that happens while it listens, and exits 0 after --max-alerts", async () => {
    const c = fresh;
    await sweepAfter(1.6); // its WARNING, before the script listens
    const script = run(["--max-alerts", "1"], { DESK_TOKEN: token });
    await script.waitFor(/Listening for SLA alerts/);
    await settle();
    await sweepAfter(0.5);
    const { code, stdout } = await script.exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`WITA  BREACHED\\s+${await tracking(c.id)}  INITIAL_RESPONSE  due .+ WITA  "Bantuan modal UMKM belum cair"`),
    );
    expect(stdout).toContain("Stopped after 1 alert.");
  });

  it("reconnects after a server restart (1012) and keeps printing alerts", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    await sweepAfter(1.6);
    const script = run(["--max-alerts", "1"], { DESK_TOKEN: token });
    await script.waitFor(/Listening for SLA alerts/);
    await ts.restart({ samePort: true });
    await script.waitFor(/connection lost \(1012 Server restarting\)[\s\S]*reconnected at/, 30_000);
    await settle();
    await sweepAfter(0.5);
    const { code, stdout } = await script.exit;
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`BREACHED\\s+${await tracking(c.id)}`));
  });

  it("stops with a clear message and a non-zero exit when its token is revoked, before or while listening", async () => {
    const live = await makeToken();
    const script = run([], { DESK_TOKEN: live.token });
    await script.waitFor(/Listening for SLA alerts/);
    await ok(ts.app.url, REVOKE, { id: live.id }, city.tokens.instansi);
    const listening = await script.exit;
    expect(listening.code).toBe(1);
    expect(listening.stderr).toContain(
      "error REVOKED: the server closed the connection (4403 Token revoked): the token was revoked or has expired",
    );
    expect(listening.stdout).not.toContain("reconnecting");

    const later = await run(["--once"], { DESK_TOKEN: live.token }).exit;
    expect(later.code).toBe(1);
    expect(later.stderr).toContain("error UNAUTHENTICATED: API token revoked");
  });

  it("finds graphql-ws and ws from examples/ at the versions the server pins", () => {
    const fromExamples = createRequire(resolve(ROOT, SCRIPT));
    const pinned = JSON.parse(readFileSync(resolve(ROOT, "server/package.json"), "utf8")).dependencies;
    for (const name of ["graphql-ws", "ws"]) {
      expect(JSON.parse(readFileSync(fromExamples.resolve(`${name}/package.json`), "utf8")).version, name).toBe(pinned[name]);
    }
  });

  it("names a missing scope, and wants DESK_TOKEN (exit 2)", async () => {
    const slaOnly = await makeToken(["SLA_READ"]);
    const refused = await run(["--once"], { DESK_TOKEN: slaOnly.token }).exit;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error FORBIDDEN: .+ — the token lacks a scope/);

    const missing = await run(["--once"], {}).exit;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("DESK_TOKEN is not set");
    expect(missing.stdout).toBe("");
  });
});
