import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { caseAtInitialResponse } from "../support/cases.js";
import { Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually, report, sleep } from "./support.js";

const CYCLES = 10_000;
const CONNECTIONS = 4;
const LANES_PER_CONNECTION = 5;
/** Heap the 10k cycles may leave behind after a full collection (a leak of even 1 KB a cycle is 10 MB). */
const HEAP_BOUND_MB = 8;

const QUERIES = [
  Q.changes,
  `subscription { slaCountdown { kind serverTime items { caseId dueAt } removed } }`,
  `subscription { slaAlerts { kind caseId } }`,
];

let ts: TestServer;
let city: City;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  for (let i = 0; i < 3; i++) await caseAtInitialResponse(ts.app.url, city);
});
afterAll(() => ts?.stop());

/** A graphql-ws connection spoken by hand, so each subscribe and complete goes on the wire exactly when asked. */
class Connection {
  private readonly firsts = new Map<string, () => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (m) => {
      const msg = JSON.parse(String(m)) as { type: string; id?: string };
      if ((msg.type === "next" || msg.type === "error" || msg.type === "complete") && msg.id) this.firsts.get(msg.id)?.();
    });
  }

  static async open(token: string): Promise<Connection> {
    const ws = new WebSocket(ts.app.wsUrl, "graphql-transport-ws");
    await new Promise((r, f) => ws.once("open", r).once("error", f));
    const acked = new Promise((r) => ws.once("message", r));
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
    await acked;
    return new Connection(ws);
  }

  /**
   * One subscribe/unsubscribe. Waiting: until the first message (the countdown's snapshot), so the
   * subscription was surely running; else the complete follows at once, racing the server's set-up.
   */
  async cycle(id: string, query: string, waitFirst: boolean): Promise<void> {
    const first = waitFirst ? new Promise<void>((r) => this.firsts.set(id, r)) : null;
    this.ws.send(JSON.stringify({ id, type: "subscribe", payload: { query } }));
    if (first) {
      await first;
      this.firsts.delete(id);
    } else {
      await new Promise((r) => setImmediate(r));
    }
    this.ws.send(JSON.stringify({ id, type: "complete" }));
  }
}

async function openSubscriptions(): Promise<number> {
  const text = await (await fetch(new URL("/metrics", ts.app.url))).text();
  return Number(/^desk_subscriptions_open (\d+)/m.exec(text)?.[1] ?? -1);
}

async function settledHeapMb(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) {
    gc?.();
    await sleep(100);
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe("subscribe and unsubscribe many times", () => {
  it(`${CYCLES} subscribe/unsubscribe cycles: heap and open iterators return to baseline`, async () => {
    const connections = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) => Connection.open(i % 2 ? city.tokens.adminA : city.tokens.instansi)),
    );
    let peakIterators = 0;
    let waited = 0;
    const run = async (cycles: number) => {
      let n = 0;
      const sampler = setInterval(() => (peakIterators = Math.max(peakIterators, ts.app.services.countdowns.stats().iterators)), 20);
      await Promise.all(
        connections.flatMap((connection) =>
          Array.from({ length: LANES_PER_CONNECTION }, async () => {
            while (n < cycles) {
              const i = n++;
              // the countdown answers at once with a snapshot; the others only on events
              const query = QUERIES[i % QUERIES.length];
              const wait = query === QUERIES[1] && i % 2 === 0;
              if (wait) waited++;
              await connection.cycle(`c${i}`, query, wait);
            }
          }),
        ),
      );
      clearInterval(sampler);
    };
    const quiet = async () => {
      await eventually(async () => ts.app.services.countdowns.stats().iterators === 0 && (await openSubscriptions()) === 0, 15_000, 100);
      return { hub: ts.app.services.countdowns.stats(), open: await openSubscriptions() };
    };

    await run(300); // warm-up: code paths compiled, pools and caches filled
    const before = await quiet();
    const heapBefore = await settledHeapMb();
    const started = Date.now();
    peakIterators = 0;
    waited = 0;
    await run(CYCLES);
    const seconds = (Date.now() - started) / 1000;
    const after = await quiet();
    const heapAfter = await settledHeapMb();
    // The connections still work: a change reaches a fresh subscriber.
    let delivered = false;
    const ws = connections[0].ws;
    ws.on("message", (m) => (delivered ||= String(m).includes('"id":"after"')));
    ws.send(JSON.stringify({ id: "after", type: "subscribe", payload: { query: Q.changes } }));
    await sleep(300);
    await caseAtInitialResponse(ts.app.url, city);
    await eventually(() => delivered, 10_000);
    for (const c of connections) c.ws.close();

    report(
      `subscription churn: ${CYCLES} cycles over ${CONNECTIONS} connections × ${LANES_PER_CONNECTION} lanes in ${seconds.toFixed(1)} s ` +
        `(caseChanged, slaCountdown, slaAlerts; ${waited} waited for the countdown's snapshot, the rest completed at once); ` +
        `countdown iterators at most ${peakIterators} during the run; open subscriptions ${before.open} → ${after.open}, ` +
        `countdown hub ${JSON.stringify(before.hub)} → ${JSON.stringify(after.hub)}; heap after gc ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB ` +
        `(${heapAfter - heapBefore >= 0 ? "+" : ""}${(heapAfter - heapBefore).toFixed(1)} MB, bound +${HEAP_BOUND_MB} MB, gc ${typeof (globalThis as { gc?: unknown }).gc === "function" ? "exposed" : "not exposed"}); ` +
        `a later change delivered: ${delivered ? "yes" : "no"}`,
    );
    expect(after.open).toBe(0);
    expect(after.hub).toEqual({ feeds: 0, iterators: 0, timers: 0 });
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_BOUND_MB);
    expect(delivered).toBe(true);
  });
});
