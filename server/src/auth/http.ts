import type { Request, Response } from "express";
import type { TokenRoute } from "./api-scope.js";
import type { AuthService } from "./auth.service.js";
import type { StaffViewer } from "./viewer.js";
import { HTTP_STATUS, refusalOf, unauthenticated } from "../errors.js";

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

/**
 * Refusals (and a database that did not answer, as UNAVAILABLE) as `{ error: { code, message } }`
 * with the code's status; anything else is rethrown to Express.
 */
export function sendRefusal(res: Response, e: unknown): void {
  const refusal = refusalOf(e);
  if (!refusal) throw e;
  const retry = refusal.details.retryAfterSeconds;
  if (typeof retry === "number") res.set("Retry-After", String(retry));
  res.status(HTTP_STATUS[refusal.code]).json({ error: { code: refusal.code, message: refusal.message } });
}
