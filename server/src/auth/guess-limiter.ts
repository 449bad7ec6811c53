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

/** Sign-ins, likewise: 10 wrong passwords per IP, 50 per username (from any IPs) in the same window. */
export const LOGIN_LIMITS = { perIp: 10, perUsername: 50 } as const;

type Key = { key: string; limit: number };

export class GuessLimiter {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Runs `attempt` unless the IP or the tracking number is blocked; a NOT_FOUND it throws counts as a wrong guess. */
  async guard<T>(ip: string | null, trackingNumber: string, attempt: () => Promise<T>): Promise<T> {
    const keys: Key[] = [{ key: `tn:${trackingNumber.trim().toUpperCase().slice(0, 64)}`, limit: GUESS_LIMITS.perTracking }];
    if (ip) keys.push({ key: `ip:${ip}`, limit: GUESS_LIMITS.perIp });
    return this.limited(keys, (e) => e.code === ErrorCode.NOT_FOUND, attempt);
  }

  /** Runs a sign-in unless the IP or the username is blocked; an UNAUTHENTICATED it throws counts as a wrong password. */
  async guardLogin<T>(ip: string | null, username: string, attempt: () => Promise<T>): Promise<T> {
    return this.limited(loginKeys(ip, username), (e) => e.code === ErrorCode.UNAUTHENTICATED, attempt);
  }

  /** A password change, under the sign-in limits: a wrong current password counts as a wrong password. */
  async guardPasswordChange<T>(ip: string | null, username: string, attempt: () => Promise<T>): Promise<T> {
    return this.limited(loginKeys(ip, username), (e) => e.details.reason === "WRONG_PASSWORD", attempt);
  }

  /** Setting up an empty desk, under the sign-in limits of its address: a wrong setup code counts as a wrong password. */
  async guardSetup<T>(ip: string | null, attempt: () => Promise<T>): Promise<T> {
    return this.limited(loginKeys(ip, "desk-setup"), (e) => e.details.reason === "WRONG_SETUP_CODE", attempt);
  }

  private async limited<T>(keys: Key[], isWrongGuess: (e: DomainError) => boolean, attempt: () => Promise<T>): Promise<T> {
    await this.refuseIfBlocked(keys);
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof DomainError && isWrongGuess(e)) await this.recordFailure(keys);
      throw e;
    }
  }

  private async refuseIfBlocked(keys: Key[]): Promise<void> {
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

  private async recordFailure(keys: Key[]): Promise<void> {
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

function loginKeys(ip: string | null, username: string): Key[] {
  const keys: Key[] = [{ key: `user:${username.trim().toLowerCase().slice(0, 64)}`, limit: LOGIN_LIMITS.perUsername }];
  if (ip) keys.push({ key: `login-ip:${ip}`, limit: LOGIN_LIMITS.perIp });
  return keys;
}
