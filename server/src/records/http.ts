import type { Request, Response } from "express";
import type { TokenRoute } from "../auth/api-scope.js";
import type { AuthService } from "../auth/auth.service.js";
import type { StaffViewer } from "../auth/viewer.js";
import { DomainError, ErrorCode, unauthenticated } from "../errors.js";

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.VALIDATION]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
};

/** The signed-in staff member or API token of a plain HTTP request (Bearer token), as on /graphql; a token needs the route's scope. */
export async function staffOf(auth: AuthService, req: Request, route: TokenRoute): Promise<StaffViewer> {
  const token = req.headers.authorization?.replace(/^Bearer\s+/i, "").trim();
  if (!token) throw unauthenticated();
  return auth.routeViewer(token, route, req.path, req.socket.remoteAddress ?? null);
}

/** A query-string parameter, trimmed; absent or blank is null. */
export function param(req: Request, name: string): string | null {
  const v = req.query[name];
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

/** Refusals as `{ error: { code, message } }` with the matching status; anything else is rethrown to Express. */
export function sendRefusal(res: Response, e: unknown): void {
  if (!(e instanceof DomainError)) throw e;
  const retry = e.details.retryAfterSeconds;
  if (typeof retry === "number") res.set("Retry-After", String(retry));
  res.status(STATUS[e.code] ?? 400).json({ error: { code: e.code, message: e.message } });
}
