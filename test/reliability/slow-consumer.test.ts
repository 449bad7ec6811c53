import { readFileSync } from "node:fs";
import { getIntrospectionQuery } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { runServer, type Run } from "../support/process.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually, report, sleep } from "./support.js";

/** The server's allowance for one client's unsent bytes in this test (the default is larger). */
const LIMIT_KB = 1024;
/**
 * The most the client asks for without reading: 300 answers of ~142 KB, four times past what the
 * loopback's socket buffers and the server's allowance hold together, so a server that works must cut it off.
 */
const MAX_REQUESTS = 300;
/** How much the server process may grow (resident memory) while the client does not read. */
const BOUND_MB = 64;

let ts: TestServer | undefined;
let server: Run | undefined;
afterAll(async () => {
  server?.kill("SIGKILL");
  await ts?.stop();
});

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

describe("a WebSocket client that stops reading", () => {
  it("is disconnected before the server's memory grows past a bound", async () => {
    ts = await startTestServer();
    await ts.pause();
    server = runServer({ ...ts.env(), WS_MAX_BUFFERED_KB: String(LIMIT_KB), SLA_SWEEP_SECONDS: "0", RATE_LIMIT_PER_MINUTE: "0" });
    await server.waitFor("ready");
    const pid = server.pid;
    const wsUrl = server.url().replace("http", "ws");

    // Warm up: a reading client runs the same query a few times, so the baseline includes the
    // compiled code and the schema's first introspection.
    const query = getIntrospectionQuery({ descriptions: true });
    const reader = new WebSocket(wsUrl, "graphql-transport-ws");
    await new Promise((r) => reader.once("open", r));
    let answered = 0;
    let responseBytes = 0;
    let readerAcked = false;
    reader.on("message", (m) => {
      const msg = JSON.parse(String(m));
      if (msg.type === "connection_ack") readerAcked = true;
      if (msg.type === "next") {
        answered++;
        responseBytes = String(m).length;
      }
    });
    reader.send(JSON.stringify({ type: "connection_init", payload: {} }));
    expect(await eventually(() => readerAcked, 10_000)).toBe(true);
    for (let i = 0; i < 5; i++) reader.send(JSON.stringify({ id: `w${i}`, type: "subscribe", payload: { query } }));
    expect(await eventually(() => answered === 5, 30_000), server.output()).toBe(true);
    reader.close();
    await sleep(1_000);
    const baseline = rssMb(pid);

    // The slow consumer: reads its acknowledgement, then stops reading and keeps asking.
    const slow = new WebSocket(wsUrl, "graphql-transport-ws");
    await new Promise((r) => slow.once("open", r));
    const acked = new Promise((r) => slow.once("message", r));
    slow.send(JSON.stringify({ type: "connection_init", payload: {} }));
    await acked;
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    let gone = false;
    slow.on("error", () => (gone = true));
    slow.on("close", () => (gone = true));

    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    let sent = 0;
    try {
      while (!gone && sent < MAX_REQUESTS) {
        for (let i = 0; i < 10 && !gone; i++) slow.send(JSON.stringify({ id: `s${sent++}`, type: "subscribe", payload: { query } }));
        await sleep(100);
        // The server closes the connection: the next write meets a reset socket.
        if (server.output().includes("too far behind")) break;
      }
      // The cut-off comes once the loopback's buffers are full (40–80 answers here) and the next
      // answers stay unsent.
      await eventually(() => server!.output().includes("too far behind"), 30_000);
      await sleep(1_500);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssMb(pid));
    const disconnected = server.output().includes("too far behind");
    const asked = (sent * responseBytes) / 1024 / 1024;
    report(
      `slow consumer: asked for ${sent} answers of ${(responseBytes / 1024).toFixed(0)} KB (${asked.toFixed(0)} MB) without reading; ` +
        `disconnected: ${disconnected ? "yes" : "no"} (limit ${LIMIT_KB} KB unsent); server RSS ${baseline.toFixed(0)} MB → peak ${peak.toFixed(0)} MB ` +
        `(+${(peak - baseline).toFixed(0)} MB, bound +${BOUND_MB} MB)`,
    );
    slow.terminate();
    expect(disconnected, server.output().slice(-3000)).toBe(true);
    expect(peak - baseline).toBeLessThan(BOUND_MB);
    // The server still serves everyone else.
    const r = await fetch(server.url(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(r.status).toBe(200);
  });
});
