import type { DataSource } from "typeorm";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode } from "../errors.js";

/**
 * Limits guessing of tracking numbers and access codes, in the database so replicas share it.
 * Per client IP: 5 wrong attempts in a 15-minute window block that IP for any case.
 * Per tracking number: 20 wrong attempts (from any IPs) block that case for everyone, the right
 * code included; higher than the IP limit so one guesser cannot lock a complainant out alone.
 */
export const GUESS_LIMITS = { windowMs: 15 * 60_000, perIp: 5, perTracking: 20 } as const;

export class GuessLimiter {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Runs `attempt` unless the IP or the tracking number is blocked; a NOT_FOUND it throws counts as a wrong guess. */
  async guard<T>(ip: string | null, trackingNumber: string, attempt: () => Promise<T>): Promise<T> {
    const keys = this.keys(ip, trackingNumber);
    await this.refuseIfBlocked(keys);
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof DomainError && e.code === ErrorCode.NOT_FOUND) await this.recordFailure(keys);
      throw e;
    }
  }

  private keys(ip: string | null, trackingNumber: string): { key: string; limit: number }[] {
    const keys: { key: string; limit: number }[] = [{ key: `tn:${trackingNumber.trim().toUpperCase().slice(0, 64)}`, limit: GUESS_LIMITS.perTracking }];
    if (ip) keys.push({ key: `ip:${ip}`, limit: GUESS_LIMITS.perIp });
    return keys;
  }

  private async refuseIfBlocked(keys: { key: string; limit: number }[]): Promise<void> {
    const now = this.clock.now();
    const rows = (await this.ds.query(`SELECT key, window_start, failures FROM guess_attempt WHERE key = ANY($1::text[])`, [
      keys.map((k) => k.key),
    ])) as { key: string; window_start: Date; failures: number }[];
    let until = 0;
    for (const row of rows) {
      const ends = new Date(row.window_start).getTime() + GUESS_LIMITS.windowMs;
      const limit = keys.find((k) => k.key === row.key)!.limit;
      if (row.failures >= limit && ends > now.getTime()) until = Math.max(until, ends);
    }
    if (until) {
      const retryAfterSeconds = Math.ceil((until - now.getTime()) / 1000);
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many wrong attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }

  private async recordFailure(keys: { key: string; limit: number }[]): Promise<void> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - GUESS_LIMITS.windowMs);
    await this.ds.query(
      `INSERT INTO guess_attempt (key, window_start, failures) SELECT k, $2::timestamptz, 1 FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN guess_attempt.window_start <= $3::timestamptz THEN 1 ELSE guess_attempt.failures + 1 END,
         window_start = CASE WHEN guess_attempt.window_start <= $3::timestamptz THEN $2::timestamptz ELSE guess_attempt.window_start END`,
      [keys.map((k) => k.key), now, windowStart],
    );
    await this.ds.query(`DELETE FROM guess_attempt WHERE window_start <= $1::timestamptz`, [windowStart]);
  }
}
