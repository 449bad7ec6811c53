import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";

export type NotificationKind = "FORWARD" | "DELIVER_ANSWER" | "BREACHED" | "AUTO_CLOSE";

/** What a webhook hears about a case; never the complainant's identity. */
export interface Notification {
  kind: NotificationKind;
  /** Stable for the event: the same event recorded twice is one notification. */
  key: string;
  caseId: string;
  trackingNumber: string;
  stage: string;
  opd: { code: string; name: string } | null;
  at: Date;
}

/** One key per event and webhook, sent as `Idempotency-Key`; the URL is hashed, not exposed. */
export function idempotencyKey(eventKey: string, url: string): string {
  return `${eventKey}:${createHash("sha256").update(url).digest("hex").slice(0, 16)}`;
}

/**
 * Writes notifications inside the caller's transaction, one row per configured webhook, so an
 * event is announced exactly when it is committed.
 */
export class OutboxWriter {
  constructor(private readonly urls: readonly string[]) {}

  async record(tx: EntityManager, notifications: readonly Notification[]): Promise<void> {
    const insert = this.insert(notifications, 1);
    if (insert) await tx.query(insert.sql, insert.params);
  }

  /**
   * The INSERT for these notifications with its parameters numbered from `firstParam`, for use on
   * its own or inside a larger statement (`onlyIf`: an extra SQL condition); null when no webhook
   * is configured.
   */
  insert(notifications: readonly Notification[], firstParam: number, onlyIf = "TRUE"): { sql: string; params: unknown[] } | null {
    if (this.urls.length === 0 || notifications.length === 0) return null;
    const rows = notifications.flatMap((n) =>
      this.urls.map((url) => ({
        kind: n.kind,
        caseId: n.caseId,
        url,
        payload: JSON.stringify({ ...n, at: n.at.toISOString() }),
        key: idempotencyKey(n.key, url),
        at: n.at,
      })),
    );
    const p = (i: number) => `$${firstParam + i}`;
    return {
      sql: `INSERT INTO outbox (kind, case_id, url, payload, idempotency_key, created_at, next_attempt_at)
       SELECT r.kind, r.case_id, r.url, r.payload::jsonb, r.key, r.at, r.at
         FROM unnest(${p(0)}::text[], ${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::timestamptz[]) AS r(kind, case_id, url, payload, key, at)
        WHERE ${onlyIf}
       ON CONFLICT (idempotency_key) DO NOTHING`,
      params: [
        rows.map((r) => r.kind),
        rows.map((r) => r.caseId),
        rows.map((r) => r.url),
        rows.map((r) => r.payload),
        rows.map((r) => r.key),
        rows.map((r) => r.at),
      ],
    };
  }
}
