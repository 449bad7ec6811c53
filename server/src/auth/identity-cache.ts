import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { Logger } from "../ops/logger.js";

/** The channel the `identity_changed` trigger notifies on any change to `app_user` or `api_token` (migration IdentityNotify). */
export const IDENTITY_CHANNEL = "desk_identity";
/** How the listener's connection shows in `pg_stat_activity`. */
export const LISTENER_NAME = "sop-desk identity listener";
const MAX_ENTRIES = 10_000;

/**
 * The rows a bearer token is checked against (the account, the API token), kept between requests so
 * a signed-in request skips one statement. Only while `live`: while a connection LISTENs for the
 * trigger's notifications, so a change to either table, made by the desk or by hand in SQL, empties
 * the cache the moment it commits. Not live (no listener yet, its connection lost, the embedded
 * database): every request reads the row. `maxAgeMs` bounds what a lost notification could cost.
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
 * Keeps one connection LISTENing on IDENTITY_CHANNEL and the cache live while it does: live only
 * once a notification sent through the server has come back on it, so a connection that accepts
 * LISTEN but never delivers (a transaction-pooling proxy) leaves the cache off. Reconnects a second
 * after a loss. Returns the stop function.
 */
export function listenForIdentityChanges(url: string, cache: IdentityCache, logger: Logger, probeTimeoutMs = 5_000): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const lost = (why: unknown) => {
    cache.setLive(false);
    if (stopped || retry) return;
    logger.warn({ err: why }, "identity listener lost: every request reads its account until it is back");
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: LISTENER_NAME, keepAlive: true });
    client = c;
    const probe = `probe:${randomUUID()}`;
    let probed!: () => void;
    const heard = new Promise<void>((resolve) => (probed = resolve));
    c.on("notification", (n) => {
      if (n.channel !== IDENTITY_CHANNEL) return;
      cache.invalidate();
      if (n.payload === probe) probed();
    });
    c.on("error", (e) => lost(e));
    c.on("end", () => lost(new Error("connection ended")));
    try {
      await c.connect();
      await c.query(`LISTEN ${IDENTITY_CHANNEL}`);
      await c.query(`SELECT pg_notify($1, $2)`, [IDENTITY_CHANNEL, probe]);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), probeTimeoutMs)));
      const late = await Promise.race([heard.then(() => false), timedOut]);
      clearTimeout(timer);
      if (stopped || client !== c) return;
      if (late) {
        logger.warn("identity listener hears no notifications (a transaction-pooling proxy?): every request reads its account");
        return;
      }
      cache.setLive(true);
    } catch (e) {
      await c.end().catch(() => undefined);
      lost(e);
    }
  };

  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    cache.setLive(false);
    await client?.end().catch(() => undefined);
  };
}
