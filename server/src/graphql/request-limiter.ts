import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Clock } from "../clock.js";
import { ErrorCode, HTTP_STATUS } from "../errors.js";

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Requests per minute per client address and per bearer token (a token bucket each, in memory on
 * each replica), so one client cannot crowd out the others. 0 turns it off.
 */
export class RequestLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Seconds to wait, or 0 when the request may go ahead (and is counted). */
  take(keys: string[]): number {
    if (this.perMinute <= 0) return 0;
    const now = this.clock.now().getTime();
    const rate = this.perMinute / 60_000;
    this.sweep(now);
    let wait = 0;
    const buckets = keys.map((key) => {
      const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
      b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
      b.at = now;
      this.buckets.set(key, b);
      if (b.tokens < 1) wait = Math.max(wait, Math.ceil((1 - b.tokens) / rate / 1000));
      return b;
    });
    if (wait) return wait;
    for (const b of buckets) b.tokens -= 1;
    return 0;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) if (now - b.at > 10 * 60_000) this.buckets.delete(key);
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const keys = [`ip:${req.socket.remoteAddress ?? "?"}`];
      const bearer = req.get("authorization");
      if (bearer) keys.push(`token:${createHash("sha256").update(bearer).digest("hex").slice(0, 32)}`);
      const wait = this.take(keys);
      if (!wait) return next();
      res
        .status(HTTP_STATUS[ErrorCode.RATE_LIMITED])
        .set("Retry-After", String(wait))
        .json({
          errors: [
            { message: `Too many requests; try again in ${wait} s`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: wait } },
          ],
        });
    };
  }
}
