import { randomUUID } from "node:crypto";
import type { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { Logger } from "../ops/logger.js";

/** The channel the `identity_changed` trigger notifies on any change to `app_user`, `api_token` (migration IdentityNotify) or `opd` (OpdNotify). */
const IDENTITY_CHANNEL = "desk_identity";
/** How the listener's connection shows in `pg_stat_activity`. */
export const LISTENER_NAME = "sop-desk identity listener";
const MAX_ENTRIES = 10_000;
/** A listener's check that notifications reach it; every replica hears it, and it changes nothing. */
const isProbe = (n: pg.Notification) => n.payload?.startsWith("probe:") ?? false;

/** Anything that runs a statement: a pg client or pool. */
export interface Session {
  query(text: string, values: unknown[]): Promise<unknown>;
}

const sendProbe = (session: Session, payload: string) => session.query(`SELECT pg_notify($1, $2)`, [IDENTITY_CHANNEL, payload]);

/**
 * The rows a bearer token is checked against (the account, the API token), kept between requests so
 * a signed-in request skips one statement, and the OPD a case is forwarded to. Only while `live`:
 * while a connection LISTENs for the triggers' notifications, so a change to any of those tables,
 * made by the desk or by hand in SQL, empties the cache the moment it commits. Not live (no
 * listener yet, its connection lost): every request reads the row. `maxAgeMs` bounds what a lost
 * notification could cost.
 */
export class IdentityCache {
  private readonly entries = new Map<string, { row: object; at: number }>();
  private generation = 0;
  private live = false;

  constructor(private readonly maxAgeMs: number) {}

  get isLive(): boolean {
    return this.live;
  }

  async get<T extends object>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    if (!this.live) return load();
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.maxAgeMs) return hit.row as T;
    // A change that commits while the row is read must not leave the older row cached.
    const generation = this.generation;
    const row = await load();
    if (row && this.live && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { row, at: now });
    }
    return row;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  setLive(live: boolean): void {
    this.invalidate();
    this.live = live;
  }
}

/**
 * Keeps one connection LISTENing on IDENTITY_CHANNEL and the cache live while it hears. Live only
 * once a notification sent from another session (`other`, the pool) has come back on it,
 * so a setup where changes are not heard across sessions leaves the cache off: a transaction-pooling
 * proxy, or a PGlite socket server given as DATABASE_URL (its one session answers each notification
 * on the connection that caused it). Then every `heartbeatMs` it notifies itself, which shows the
 * connection still delivers and keeps an idle-dropping firewall from cutting it unseen. A probe not
 * back within `probeTimeoutMs`, or a lost connection, turns the cache off and reconnects a second
 * later. The loss is logged once, then at most every `warnEveryMs` while it lasts, and its end once.
 * Returns the stop function.
 */
export function listenForIdentityChanges(
  url: string,
  cache: IdentityCache,
  logger: Logger,
  other: Session,
  { probeTimeoutMs = 5_000, heartbeatMs = 10_000, warnEveryMs = 60_000 } = {},
): () => Promise<void> {
  let stopped = false;
  let down: { since: number; warnedAt: number; failures: number } | null = null;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let closing: Promise<void> = Promise.resolve();

  const lost = (c: pg.Client, why: unknown) => {
    if (client !== c) return;
    client = null;
    cache.setLive(false);
    if (heartbeat) clearInterval(heartbeat);
    closing = c.end().catch(() => undefined);
    if (stopped) return;
    const now = Date.now();
    if (!down) {
      down = { since: now, warnedAt: now, failures: 1 };
      logger.warn({ err: why }, "identity listener lost: every request reads its account until it is back");
    } else {
      down.failures += 1;
      if (now - down.warnedAt >= warnEveryMs) {
        down.warnedAt = now;
        logger.warn(
          { err: why, downSeconds: Math.round((now - down.since) / 1000), failures: down.failures },
          "identity listener still lost: every request reads its account",
        );
      }
    }
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: LISTENER_NAME, keepAlive: true });
    client = c;
    const waiting = new Map<string, () => void>();
    c.on("notification", (n) => {
      if (n.channel !== IDENTITY_CHANNEL) return;
      if (isProbe(n)) waiting.get(n.payload!)?.();
      else cache.invalidate();
    });
    c.on("error", (e) => lost(c, e));
    c.on("end", () => lost(c, new Error("connection ended")));
    const probe = async (via: Session): Promise<boolean> => {
      const nonce = `probe:${randomUUID()}`;
      let timer: NodeJS.Timeout | undefined;
      const back = new Promise<boolean>((resolve) => {
        waiting.set(nonce, () => resolve(true));
        timer = setTimeout(() => resolve(false), probeTimeoutMs);
      });
      try {
        await Promise.race([sendProbe(via, nonce), back]);
        return await back;
      } finally {
        clearTimeout(timer);
        waiting.delete(nonce);
      }
    };
    try {
      await c.connect();
      await c.query(`LISTEN ${IDENTITY_CHANNEL}`);
      if (!(await probe(other))) throw new Error("no notification from another session came back (a transaction-pooling proxy?)");
      if (client !== c) return;
      cache.setLive(true);
      if (down) {
        logger.info(
          { downSeconds: Math.round((Date.now() - down.since) / 1000), failures: down.failures },
          "identity listener back: accounts kept between requests again",
        );
        down = null;
      }
      heartbeat = setInterval(() => {
        probe(c).then(
          (back) => back || lost(c, new Error(`a probe was not back within ${probeTimeoutMs} ms`)),
          (e) => lost(c, e),
        );
      }, heartbeatMs);
    } catch (e) {
      lost(c, e);
    }
  };

  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    if (client) lost(client, null);
    // A connection a silent network dropped may never finish closing.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  };
}

interface SharedSessionPool extends EventEmitter {
  connect(): Promise<pg.PoolClient>;
}

/**
 * The embedded database has one session, which every pooled connection reaches: that session
 * LISTENs, and a change's notification comes back on the connection that made it, before the
 * statement's answer, so the cache is emptied before the change's own request goes on. The session
 * keeps listening when the pool replaces its connection. Live once a probe comes back.
 */
export async function listenOnSharedSession(pool: SharedSessionPool, cache: IdentityCache): Promise<void> {
  const probe = `probe:${randomUUID()}`;
  let heard = false;
  const hear = (n: pg.Notification) => {
    if (n.channel !== IDENTITY_CHANNEL) return;
    if (isProbe(n)) heard ||= n.payload === probe;
    else cache.invalidate();
  };
  const attached = new WeakSet<pg.PoolClient>();
  const attach = (client: pg.PoolClient) => {
    if (attached.has(client)) return;
    attached.add(client);
    client.on("notification", hear);
  };
  pool.on("connect", attach);
  const client = await pool.connect();
  try {
    attach(client);
    await client.query(`LISTEN ${IDENTITY_CHANNEL}`);
    await sendProbe(client, probe);
  } finally {
    client.release();
  }
  if (heard) cache.setLive(true);
}
