#!/usr/bin/env node
// Example client of the SOP complaint desk: says who its API token is, lists the overdue cases
// page by page, then prints SLA alerts as they happen.
//
//   DESK_TOKEN=desk_… node examples/overdue-and-alerts.mjs [--once] [--max-alerts N]
//
// Environment: DESK_URL (default http://localhost:4000/graphql), DESK_TOKEN (required; an API
// token with CASES_READ, and SLA_READ for the alerts), DESK_PAGE_SIZE (default 50),
// EXAMPLE_ONCE=1 (same as --once). Exit codes: 0 done, 1 refused or failed, 2 bad usage.
import { parseArgs } from "node:util";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const USAGE = "usage: DESK_TOKEN=desk_… node examples/overdue-and-alerts.mjs [--once] [--max-alerts N]";

/** A refusal from the server: a GraphQL error's extensions.code, or a WebSocket close code. */
class DeskError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function config() {
  let args;
  try {
    args = parseArgs({ options: { once: { type: "boolean" }, "max-alerts": { type: "string" } } }).values;
  } catch (e) {
    usage(e.message);
  }
  const token = process.env.DESK_TOKEN?.trim();
  if (!token) usage("DESK_TOKEN is not set: create an API token (see examples/README.md) and export it.");
  const maxAlerts = Number(args["max-alerts"] ?? Infinity);
  if (!(maxAlerts >= 1) || (maxAlerts !== Infinity && !Number.isInteger(maxAlerts))) usage("--max-alerts wants a whole number ≥ 1.");
  const pageSize = Number(process.env.DESK_PAGE_SIZE ?? 50);
  if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 500)) usage("DESK_PAGE_SIZE wants a whole number from 1 to 500.");
  const url = process.env.DESK_URL || "http://localhost:4000/graphql";
  if (!/^https?:\/\//.test(url)) usage(`DESK_URL must be an http(s) URL, got ${url}`);
  return {
    url,
    wsUrl: url.replace(/^http/, "ws"), // graphql-ws is served on the same path
    token,
    pageSize,
    maxAlerts,
    once: Boolean(args.once) || process.env.EXAMPLE_ONCE === "1",
  };
}

function usage(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const cfg = config();

// ---- HTTP: one POST per operation, the token as a Bearer header --------------------------------

async function request(query, variables = {}) {
  let res;
  try {
    res = await fetch(cfg.url, {
      method: "POST",
      // A JSON content type also satisfies the server's CSRF prevention.
      headers: { "content-type": "application/json", authorization: `Bearer ${cfg.token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new DeskError("NETWORK", `cannot reach ${cfg.url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  const body = await res.json().catch(() => null);
  // Refusals come as errors[] even with a non-200 status (401, 403, 429 …); the first one says why.
  const error = body?.errors?.[0];
  if (error) throw new DeskError(error.extensions?.code ?? `HTTP_${res.status}`, error.message);
  if (!body?.data) throw new DeskError(`HTTP_${res.status}`, `unexpected answer from ${cfg.url}`);
  return body.data;
}

// ---- Formatting: every time in WITA, the desk's own zone -------------------------------------

const WITA = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Makassar",
  weekday: "short",
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const wita = (iso) => (iso ? `${WITA.format(new Date(iso)).replaceAll(",", "")} WITA` : "—");

/** Working time (office hours only) as "3h 05m left" or "1h 30m over". */
function workingTime(sla) {
  if (!sla) return "—";
  const s = Math.abs(Math.round(sla.remainingSeconds));
  const text = `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  const paused = sla.state === "PAUSED" ? ", paused" : "";
  return sla.remainingSeconds < 0 ? `${text} over${paused}` : `${text} left${paused}`;
}

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

// ---- Who am I, and the overdue cases ----------------------------------------------------------

async function whoAmI() {
  const { apiToken: t } = await request(`{ apiToken { label role scopes expiresAt opd { name } } }`);
  console.log(
    `API token "${t.label}": ${t.role}${t.opd ? ` of ${t.opd.name}` : " (city-wide)"}, scopes ${t.scopes.join(", ")}, expires ${wita(t.expiresAt)}`,
  );
}

const OVERDUE = `query Overdue($first: Int!, $after: String) {
  cases(first: $first, after: $after, filter: { overdue: true }) {
    totalCount
    edges { node { trackingNumber stage opd { code } stageDueAt sla { state remainingSeconds } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function listOverdue() {
  const rows = [];
  let after = null;
  let total;
  // Relay pagination: ask for `first` cases, then again after the page's endCursor while hasNextPage.
  do {
    const { cases } = await request(OVERDUE, { first: cfg.pageSize, after });
    total = cases.totalCount;
    for (const { node: c } of cases.edges) {
      rows.push([c.trackingNumber, c.stage, c.opd?.code ?? "—", wita(c.stageDueAt), workingTime(c.sla)]);
    }
    after = cases.pageInfo.hasNextPage ? cases.pageInfo.endCursor : null;
  } while (after);
  console.log(`\n${total} overdue case${total === 1 ? "" : "s"}${rows.length ? ":" : "."}`);
  if (rows.length) console.log(table(rows, ["TRACKING", "STAGE", "OPD", "DUE", "WORKING TIME"]));
}

// ---- SLA alerts over graphql-ws ---------------------------------------------------------------

const ALERTS = `subscription Alerts { slaAlerts { kind trackingNumber title stage dueAt at } }`;
const REVOKED = 4403; // the server closes a revoked or refused token's socket with this code

function watchAlerts() {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let up = false; // connected, so a close is news worth a line
    let stopped = false;
    const client = createClient({
      url: cfg.wsUrl,
      webSocketImpl: WebSocket, // Node 20 has no global WebSocket
      // The token travels in connection_init, the first message on the socket, not in a header.
      connectionParams: { authorization: `Bearer ${cfg.token}` },
      lazy: false,
      onNonLazyError: () => undefined, // the subscription's error() below reports it
      keepAlive: 20_000, // our pings notice a dead network even when no alert is due
      retryAttempts: Infinity,
      // graphql-ws gives up by itself on protocol errors (4400, 4401, 4500 …) but retries 4403,
      // because access may be granted later. For a revoked token that is never, so stop on it.
      // Everything else — a network error, 1006, 1012 "Server restarting" — is worth a retry.
      shouldRetry: (e) => e?.code !== REVOKED,
      retryWait: async (retries) => {
        const ms = Math.min(30_000, 1_000 * 2 ** retries) * (0.5 + Math.random() / 2);
        console.log(`  … reconnecting in ${(ms / 1000).toFixed(1)} s (attempt ${retries + 1})`);
        await new Promise((r) => setTimeout(r, ms));
      },
      on: {
        connected: (_socket, _payload, wasRetry) => {
          up = true;
          if (!wasRetry) return console.log("\nListening for SLA alerts (Ctrl-C to stop) …");
          console.log(`  reconnected at ${wita(new Date().toISOString())}`);
          // Alerts are not replayed: what happened while we were away only shows in the list.
          listOverdue().catch(stop);
        },
        closed: (e) => {
          if (up && !stopped && e?.code !== REVOKED) console.log(`  connection lost (${e?.code ?? "?"}${e?.reason ? ` ${e.reason}` : ""})`);
          up = false;
        },
      },
    });
    const stop = (err) => {
      if (stopped) return;
      stopped = true;
      dispose();
      client.dispose();
      if (err) reject(err);
      else resolve(seen);
    };
    const dispose = client.subscribe(
      { query: ALERTS },
      {
        next: ({ data, errors }) => {
          if (errors?.length) return stop(new DeskError(errors[0].extensions?.code ?? "ERROR", errors[0].message));
          const a = data.slaAlerts;
          console.log(`${wita(a.at)}  ${a.kind.padEnd(11)} ${a.trackingNumber}  ${a.stage}  due ${wita(a.dueAt)}  "${a.title}"`);
          if (++seen >= cfg.maxAlerts) stop();
        },
        // error() receives either the GraphQL errors of a refused operation (an array),
        // or the close event / network error that ended the connection for good.
        error: (e) => {
          if (Array.isArray(e)) return stop(new DeskError(e[0]?.extensions?.code ?? "ERROR", e[0]?.message));
          if (e?.code === REVOKED)
            return stop(
              new DeskError(
                "REVOKED",
                `the server closed the connection (${REVOKED} ${e.reason || "Forbidden"}): the token was revoked or has expired`,
              ),
            );
          stop(new DeskError("NETWORK", `subscription ended: ${e?.reason || e?.message || e?.code || e}`));
        },
        complete: () => stop(),
      },
    );
    process.once("SIGINT", () => stop());
    process.once("SIGTERM", () => stop());
  });
}

// ---- Main ---------------------------------------------------------------------------------------

try {
  await whoAmI();
  await listOverdue();
  if (!cfg.once) {
    const seen = await watchAlerts();
    console.log(`\nStopped after ${seen} alert${seen === 1 ? "" : "s"}.`);
  }
  process.exit(0);
} catch (e) {
  if (!(e instanceof DeskError)) throw e;
  const hint =
    {
      UNAUTHENTICATED: " — the token is unknown, revoked or expired; ask an Admin Instansi for a new one",
      REVOKED: " — ask an Admin Instansi for a new token",
      FORBIDDEN: " — the token lacks a scope: CASES_READ lists cases, SLA_READ receives alerts",
    }[e.code] ?? "";
  console.error(`error ${e.code}: ${e.message}${hint}`);
  process.exit(1);
}
