import { createHmac } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Clock } from "../clock.js";
import { repeat, type Repeating } from "../repeat.js";

const BATCH = 20;
const TIMEOUT_MS = 5_000;
/** A claimed row is left alone this long, well past one request's timeout, before another pass may retry it. */
const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 12;

/** 5 s after the first failure, doubling, at most an hour. */
export const backoffMs = (attempts: number): number => Math.min(5_000 * 2 ** (attempts - 1), 3_600_000);

interface Claimed {
  id: string;
  url: string;
  idempotency_key: string;
  payload: unknown;
  attempts: number;
}

export interface DeliveryResult {
  delivered: number;
  failed: number;
}

/**
 * Delivers due outbox rows to their webhooks. A pass claims rows with `FOR UPDATE SKIP LOCKED`
 * and leases them before sending, so replicas never send one row at once and no connection is
 * held while a webhook answers; a row is marked delivered once, on a 2xx.
 */
export class OutboxWorker {
  private loop: Repeating | null = null;
  private stopping = false;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly urls: readonly string[],
    private readonly secret: string | undefined,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async deliverDue(): Promise<DeliveryResult> {
    const result: DeliveryResult = { delivered: 0, failed: 0 };
    if (this.urls.length === 0) return result;
    for (;;) {
      const now = this.clock.now();
      // Rows for a webhook no longer configured stay undelivered and visible.
      const [claimed] = (await this.ds.query(
        `WITH due AS (
           SELECT id FROM outbox
            WHERE delivered_at IS NULL AND next_attempt_at <= $1 AND attempts < $2 AND url = ANY($3)
            ORDER BY next_attempt_at LIMIT ${BATCH}
              FOR UPDATE SKIP LOCKED
         )
         UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = $4
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.url, o.idempotency_key, o.payload, o.attempts`,
        [now, MAX_ATTEMPTS, this.urls, new Date(now.getTime() + LEASE_MS)],
      )) as [Claimed[], number];
      const outcomes = await Promise.all(claimed.map((row) => this.send(row)));
      result.delivered += outcomes.filter(Boolean).length;
      result.failed += outcomes.filter((ok) => !ok).length;
      if (claimed.length < BATCH || this.stopping) return result;
    }
  }

  /** Delivers now (catching up on what was left while the server was down), then every `intervalMs`. */
  start(intervalMs: number): void {
    this.loop = repeat(
      () => this.deliverDue(),
      intervalMs,
      (e) => this.log(`outbox delivery failed: ${e instanceof Error ? e.message : e}`),
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop?.stop();
  }

  private async send(row: Claimed): Promise<boolean> {
    const body = JSON.stringify(row.payload);
    const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": row.idempotency_key };
    if (this.secret) headers["x-desk-signature"] = `sha256=${createHmac("sha256", this.secret).update(body).digest("hex")}`;
    let error: string;
    try {
      const res = await fetch(row.url, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) {
        await this.ds.query(`UPDATE outbox SET delivered_at = $2, last_error = NULL WHERE id = $1 AND delivered_at IS NULL`, [
          row.id,
          this.clock.now(),
        ]);
        return true;
      }
      error = `HTTP ${res.status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = cause ?? (e instanceof Error ? e.message : String(e));
    }
    await this.ds.query(`UPDATE outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND delivered_at IS NULL`, [
      row.id,
      new Date(this.clock.now().getTime() + backoffMs(row.attempts)),
      error.slice(0, 500),
    ]);
    if (row.attempts >= MAX_ATTEMPTS) this.log(`outbox: gave up on ${row.idempotency_key} after ${row.attempts} attempts (${error})`);
    return false;
  }
}
