import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { remainingSecondsAt } from "../../server/src/sla/countdown.js";

/**
 * A load process: opens `count` subscribers (graphql-ws slaCountdown, or raw ws), records when
 * each delta about the watched case arrives, and how far a client's own countdown is from the
 * server's at every heartbeat. Reports to its parent over IPC.
 */
interface Start {
  mode: "graphql" | "raw";
  url: string;
  token?: string;
  count: number;
  watchCaseId: string;
  tickSeconds?: number;
}

const QUERY = `subscription($tick: Int) { slaCountdown(tickSeconds: $tick) { kind serverTime removed items { caseId stage state remainingSeconds running toggles } } }`;

let arrivals: number[][] = [];
/** The last delta as it came over the wire, so the baseline can send exactly the same bytes. */
let lastDelta = "";
const errors: number[] = [];
let snapshots = 0;
const ticks: number[] = [];
const closers: (() => void)[] = [];

function onMessage(i: number, msg: any, watch: string) {
  const now = Date.now();
  const m = msg?.payload?.data?.slaCountdown ?? msg?.data?.slaCountdown ?? msg;
  if (!m?.kind) return;
  if (m.kind === "SNAPSHOT") {
    snapshots++;
    reference[i] = m.items.find((it: any) => it.caseId !== watch)
      ? { item: m.items.find((it: any) => it.caseId !== watch), at: m.serverTime }
      : null;
  } else if (m.kind === "HEARTBEAT" && reference[i]) {
    const { item, at } = reference[i]!;
    errors.push(Math.abs(remainingSecondsAt(item, at, new Date(now)) - remainingSecondsAt(item, at, m.serverTime)));
  } else if (m.kind === "TICK") {
    ticks.push(now - Date.parse(m.serverTime));
  } else if ((m.kind === "UPSERT" && m.items[0]?.caseId === watch) || (m.kind === "REMOVE" && m.removed.includes(watch))) {
    arrivals[i].push(now);
    if (m.kind === "UPSERT" && i === 0) lastDelta = JSON.stringify({ id: "1", type: "next", payload: msg });
  }
}
const reference: ({ item: any; at: string } | null)[] = [];
const closes: Record<string, number> = {};
const s0 = (lists: number[][]) => lists.filter((l) => l.length > 0).length;

process.on("message", async (msg: any) => {
  if (msg.type === "start") {
    const s = msg as Start & { type: string };
    arrivals = Array.from({ length: s.count }, () => []);
    for (let i = 0; i < s.count; i++) {
      if (s.mode === "raw") {
        const ws = new WebSocket(s.url);
        ws.on("message", (data) => onMessage(i, JSON.parse(String(data)), s.watchCaseId));
        ws.on("error", () => undefined);
        closers.push(() => ws.terminate());
        if (i === s.count - 1) ws.once("open", () => process.send?.({ type: "opened" }));
      } else {
        const client = createClient({
          url: s.url,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${s.token}` },
          retryAttempts: 5,
          lazy: false,
          onNonLazyError: () => undefined,
        });
        client.on("closed", (e: any) => void (closes[String(e?.code)] = (closes[String(e?.code)] ?? 0) + 1));
        client.subscribe(
          { query: QUERY, variables: { tick: s.tickSeconds ?? null } },
          {
            next: (v) => onMessage(i, v, s.watchCaseId),
            error: (e: any) => void (closes[`error ${e?.code ?? e?.message ?? e}`] = 1),
            complete: () => undefined,
          },
        );
        closers.push(() => void client.dispose());
      }
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 100));
    }
    if (s.mode === "graphql") process.send?.({ type: "opened" });
  } else if (msg.type === "snapshots") {
    process.send?.({ type: "snapshots", snapshots, closes });
  } else if (msg.type === "report") {
    const t0s: number[] = msg.t0s;
    const latencies: number[] = [];
    let missing = 0;
    for (const list of arrivals) {
      t0s.forEach((t0, k) => (list[k] === undefined ? missing++ : latencies.push(list[k] - t0)));
    }
    process.send?.({ type: "report", latencies, missing, errors, ticks, subscribed: s0(arrivals), lastDelta });
  } else if (msg.type === "stop") {
    closers.forEach((c) => c());
    setTimeout(() => process.exit(0), 500);
  }
});
process.send?.({ type: "ready" });
