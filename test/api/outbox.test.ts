import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backoffMs, MAX_ATTEMPTS } from "../../server/src/notify/outbox.worker.js";
import { gql, ok } from "../support/client.js";
import { caseAtConfirmation } from "../support/cases.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

const SECRET = "rahasia-webhook-uji-123";

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, any>;
}

/** A webhook receiver on a real port; `status` is what it answers, `listen`/`close` take it up and down. */
class Receiver {
  hits: Hit[] = [];
  status = 200;
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async listen(port = this.port): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (this.status < 300) this.hits.push({ headers: req.headers, body, json: JSON.parse(body) });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  forCase(caseId: string, kind = "FORWARD"): Hit[] {
    return this.hits.filter((h) => h.json.caseId === caseId && h.json.kind === kind);
  }
}

let ts: TestServer;
let city: City;
const a = new Receiver();
const b = new Receiver();

beforeAll(async () => {
  await Promise.all([a.listen(), b.listen()]);
  ts = await startTestServer({ env: { WEBHOOK_URLS: `${a.url},${b.url}`, WEBHOOK_SECRET: SECRET } });
  city = await setupCity(ts);
});
afterAll(async () => {
  await ts?.stop();
  await Promise.all([a.close(), b.close()]);
});

async function recorded(url: string, c: City): Promise<{ id: string; version: number }> {
  const r = await ok(url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, c.tokens.instansi);
  return r.recordComplaint.case;
}

async function forwarded(server: TestServer, c: City): Promise<{ id: string; version: number; trackingNumber: string }> {
  const x = await recorded(server.app.url, c);
  return (await ok(server.app.url, Q.forward, { id: x.id, v: x.version, opd: c.opdA.id }, c.tokens.instansi)).forwardToOpd;
}

interface Row {
  kind: string;
  url: string;
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  last_error: string | null;
  idempotency_key: string;
}

const rows = (server: TestServer, caseId: string): Promise<Row[]> =>
  server.app.dataSource.query(
    `SELECT kind, url, attempts, next_attempt_at, delivered_at, last_error, idempotency_key FROM outbox WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );

const rowFor = async (server: TestServer, caseId: string, url: string): Promise<Row> =>
  (await rows(server, caseId)).find((r) => r.url === url)!;

describe("notifications outbox", () => {
  it("a forwarded case reaches each webhook once, signed, with an idempotency key and no complainant identity", async () => {
    const c = await forwarded(ts, city);
    expect((await rows(ts, c.id)).map((r) => [r.kind, r.url])).toEqual([
      ["FORWARD", a.url],
      ["FORWARD", b.url],
    ]);
    expect(await ts.app.services.outbox.deliverDue()).toMatchObject({ failed: 0 });
    await ts.app.services.outbox.deliverDue();
    const [hitA] = a.forCase(c.id);
    const [hitB] = b.forCase(c.id);
    expect(a.forCase(c.id)).toHaveLength(1);
    expect(b.forCase(c.id)).toHaveLength(1);
    expect(hitA.json).toEqual({
      kind: "FORWARD",
      key: `FORWARD:${c.id}:${c.version}`,
      caseId: c.id,
      trackingNumber: c.trackingNumber,
      stage: "INITIAL_RESPONSE",
      opd: { code: "DISKOPUKMP", name: city.opdA.name },
      at: expect.any(String),
    });
    expect(hitA.headers["content-type"]).toBe("application/json");
    expect(hitA.headers["x-desk-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(hitA.body).digest("hex")}`);
    expect(hitA.headers["idempotency-key"]).toBe((await rowFor(ts, c.id, a.url)).idempotency_key);
    expect(hitB.headers["idempotency-key"]).toBe((await rowFor(ts, c.id, b.url)).idempotency_key);
    expect(hitA.headers["idempotency-key"]).not.toBe(hitB.headers["idempotency-key"]);
    for (const hit of [hitA, hitB]) {
      expect(hit.body).not.toContain(complaint().complainantName);
      expect(hit.body).not.toContain(complaint().complainantContact);
    }
    expect((await rows(ts, c.id)).every((r) => r.delivered_at !== null && r.attempts === 1)).toBe(true);
  });

  it("a failing webhook is retried with growing backoff, apart from the others, and gets the event once when it recovers", async () => {
    b.status = 500;
    const c = await forwarded(ts, city);
    const t1 = ts.clock.now().getTime();
    await ts.app.services.outbox.deliverDue();
    const first = await rowFor(ts, c.id, b.url);
    expect(first).toMatchObject({ attempts: 1, delivered_at: null, last_error: "HTTP 500" });
    expect(a.forCase(c.id)).toHaveLength(1);
    await ts.app.services.outbox.deliverDue();
    expect((await rowFor(ts, c.id, b.url)).attempts).toBe(1);

    ts.clock.advanceHours(1);
    const t2 = ts.clock.now().getTime();
    await ts.app.services.outbox.deliverDue();
    const second = await rowFor(ts, c.id, b.url);
    expect(second.attempts).toBe(2);
    const gap1 = first.next_attempt_at.getTime() - t1;
    const gap2 = second.next_attempt_at.getTime() - t2;
    expect(gap1).toBeGreaterThanOrEqual(backoffMs(1));
    expect(gap2).toBeGreaterThanOrEqual(backoffMs(2));
    expect(gap2).toBeGreaterThan(gap1);

    b.status = 200;
    ts.clock.advanceHours(1);
    await ts.app.services.outbox.deliverDue();
    ts.clock.advanceHours(2);
    await ts.app.services.outbox.deliverDue();
    expect(b.forCase(c.id)).toHaveLength(1);
    expect(a.forCase(c.id)).toHaveLength(1);
    expect(await rowFor(ts, c.id, b.url)).toMatchObject({ attempts: 3, last_error: null, delivered_at: expect.any(Date) });
  });

  it("backs off from 5 s doubling to an hour, and gives up after the last attempt leaving the row visible", async () => {
    expect([1, 2, 3, 10, 11, MAX_ATTEMPTS].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 2_560_000, 3_600_000, 3_600_000]);
    b.status = 500;
    try {
      const c = await forwarded(ts, city);
      for (let i = 0; i <= MAX_ATTEMPTS; i++) {
        await ts.app.services.outbox.deliverDue();
        ts.clock.advanceHours(1);
      }
      expect(await rowFor(ts, c.id, b.url)).toMatchObject({ attempts: MAX_ATTEMPTS, delivered_at: null, last_error: "HTTP 500" });
      b.status = 200;
      await ts.app.services.outbox.deliverDue();
      expect(b.forCase(c.id)).toEqual([]);
    } finally {
      b.status = 200;
      await advanceHours(ts, city, 0);
    }
  });

  it("writes in the action's transaction: a refused action writes nothing, and a failed write undoes the action", async () => {
    const x = await recorded(ts.app.url, city);
    const before = await rows(ts, x.id);
    const stale = await gql(ts.app.url, Q.forward, { id: x.id, v: x.version + 1, opd: city.opdA.id }, city.tokens.instansi);
    expect(stale.errors?.[0].extensions?.code).toBe("VERSION_CONFLICT");
    expect(await rows(ts, x.id)).toEqual(before);

    await ts.app.dataSource.query(`ALTER TABLE outbox ADD CONSTRAINT outbox_refuse_forward CHECK (kind <> 'FORWARD') NOT VALID`);
    try {
      const refused = await gql(ts.app.url, Q.forward, { id: x.id, v: x.version, opd: city.opdA.id }, city.tokens.instansi);
      expect(refused.errors).toHaveLength(1);
    } finally {
      await ts.app.dataSource.query(`ALTER TABLE outbox DROP CONSTRAINT outbox_refuse_forward`);
    }
    const after = (await ok(ts.app.url, Q.case, { id: x.id }, city.tokens.instansi)).case;
    expect(after).toMatchObject({ stage: "DISPOSITION", version: x.version });
    expect(after.events.map((e: { action: string }) => e.action)).toEqual(["SUBMIT"]);
    expect(await rows(ts, x.id)).toEqual([]);
  });

  it("an answer delivered, a breach and an auto-close are each written once per webhook", async () => {
    const c = await caseAtConfirmation(ts.app.url, city);
    const breaching = await forwarded(ts, city);
    await advanceHours(ts, city, 14 * 24);
    await Promise.all([ts.app.services.sweeper.sweepOnce(), ts.app.services.sweeper.sweepOnce()]);
    await ts.app.services.outbox.deliverDue();
    const kinds = async (id: string) => (await rows(ts, id)).map((r) => `${r.kind} ${r.url === a.url ? "a" : "b"}`);
    expect(await kinds(c.id)).toEqual(["FORWARD a", "FORWARD b", "DELIVER_ANSWER a", "DELIVER_ANSWER b", "AUTO_CLOSE a", "AUTO_CLOSE b"]);
    expect(await kinds(breaching.id)).toEqual(["FORWARD a", "FORWARD b", "BREACHED a", "BREACHED b"]);
    expect(a.forCase(c.id, "DELIVER_ANSWER")[0].json).toMatchObject({ stage: "CONFIRMATION", opd: { code: "DISKOPUKMP" } });
    expect(a.forCase(c.id, "AUTO_CLOSE")[0].json).toMatchObject({ stage: "CLOSED", trackingNumber: expect.stringMatching(/^ADU-/) });
    expect(b.forCase(breaching.id, "BREACHED")).toHaveLength(1);
    expect(b.forCase(breaching.id, "BREACHED")[0].json).toMatchObject({ stage: "INITIAL_RESPONSE", opd: { code: "DISKOPUKMP" } });
  });
});

describe("outbox across a restart", () => {
  it("an event the webhook missed while down is delivered once after the server restarts", async () => {
    const hook = new Receiver();
    await hook.listen();
    await hook.close();
    const server = await startTestServer({ env: { WEBHOOK_URLS: hook.url, OUTBOX_POLL_SECONDS: "1" } });
    try {
      const town = await setupCity(server);
      const c = await forwarded(server, town);
      await until(async () => ((await rows(server, c.id))[0]?.last_error ?? null) !== null);
      expect((await rows(server, c.id))[0]).toMatchObject({ delivered_at: null, last_error: expect.any(String) });
      expect((await rows(server, c.id))[0].attempts).toBeGreaterThanOrEqual(1);
      await server.pause();
      await hook.listen();
      server.clock.advanceHours(1);
      await server.resume();
      await until(async () => (await rows(server, c.id))[0].delivered_at !== null);
      server.clock.advanceHours(2);
      await server.app.services.outbox.deliverDue();
      expect(hook.forCase(c.id)).toHaveLength(1);
      expect(await rows(server, c.id)).toHaveLength(1);
    } finally {
      await server.stop();
      await hook.close();
    }
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("timed out waiting for the outbox");
    await new Promise((r) => setTimeout(r, 100));
  }
}
