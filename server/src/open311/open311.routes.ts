import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { AuthService } from "../auth/auth.service.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, HTTP_STATUS, forbidden, invalid, refusalOf, unauthenticated } from "../errors.js";
import { param } from "../auth/http.js";
import { intInRange, text } from "../validate.js";
import type { Open311Facade } from "./open311.service.js";
import type { Open311Error, Open311Status, RequestQuery, SubmissionFields } from "./open311.types.js";

const BASE = "/open311/v2";
const BODY_LIMIT = "64kb";
const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 90;
const MAX_PAGE_SIZE = 1_000;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Refusals in the standard's shape: the HTTP status, and `[{ code, description }]` as the body. */
function refuse(res: Response, status: number, description: string): void {
  const body: Open311Error[] = [{ code: status, description }];
  res.status(status).json(body);
}

function sendRefusal(res: Response, e: unknown): void {
  const refusal = refusalOf(e);
  if (!refusal) throw e;
  refuse(res, HTTP_STATUS[refusal.code], refusal.message);
}

const route =
  (handler: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response): Promise<void> =>
    handler(req, res).catch((e) => sendRefusal(res, e));

function dateOf(field: string, value: string | null): Date | null {
  if (value === null) return null;
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(field, "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T09:00:00+08:00");
  }
  return new Date(value);
}

function listOf(field: string, value: string | null): string[] | null {
  const items = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) text(field, item, 100);
  return items.length ? [...new Set(items)] : null;
}

function statusesOf(value: string | null): Open311Status[] | null {
  const items = listOf("status", value);
  for (const s of items ?? []) if (s !== "open" && s !== "closed") throw invalid("status", "must be open, closed or both");
  return items as Open311Status[] | null;
}

/** GET requests.json's parameters; without dates, the last 90 days. `page` and `page_size` are this desk's extension. */
function queryOf(req: Request, now: Date): RequestQuery {
  const ids = listOf("service_request_id", param(req, "service_request_id"))?.map((id) => id.toUpperCase()) ?? null;
  const pageSize = intInRange("page_size", Number(param(req, "page_size") ?? MAX_PAGE_SIZE), 1, MAX_PAGE_SIZE);
  if (ids && ids.length > pageSize) throw invalid("service_request_id", `at most ${pageSize} ids at once`);
  const startParam = dateOf("start_date", param(req, "start_date"));
  const endParam = dateOf("end_date", param(req, "end_date"));
  const end = endParam ?? (startParam ? new Date(Math.max(now.getTime(), startParam.getTime())) : now);
  const start = startParam ?? new Date(end.getTime() - DEFAULT_DAYS * DAY_MS);
  if (start > end) throw invalid("start_date", "is after end_date");
  return {
    ids,
    serviceCodes: listOf("service_code", param(req, "service_code")),
    start,
    end,
    statuses: statusesOf(param(req, "status")),
    page: intInRange("page", Number(param(req, "page") ?? 1), 1, 1_000_000),
    pageSize,
  };
}

/** Form fields or JSON members as strings; nested values (attribute[…] and the like) are not used. */
function fieldsOf(body: unknown): SubmissionFields {
  const fields: SubmissionFields = {};
  if (!body || typeof body !== "object" || Array.isArray(body)) return fields;
  for (const [k, v] of Object.entries(body)) if (["string", "number", "boolean"].includes(typeof v)) fields[k] = String(v);
  return fields;
}

function nextPageLink(req: Request, page: number): string {
  const query = new URLSearchParams(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === "string"));
  query.set("page", String(page + 1));
  return `<${BASE}/requests.json?${query}>; rel="next"`;
}

function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (err as { type?: string } | null)?.type;
  if (type === "entity.too.large") return refuse(res, 413, `Request body larger than ${BODY_LIMIT}`);
  if (type === "entity.parse.failed" || type === "encoding.unsupported" || type === "charset.unsupported") {
    return refuse(res, 400, "Request body is not valid application/x-www-form-urlencoded or JSON");
  }
  next(err);
}

/**
 * Open311 GeoReport v2, JSON only: GET services.json, GET requests.json, GET requests/{id}.json (public,
 * privacy-safe), POST requests.json with an `api_key` that is an API token holding OPEN311_SUBMIT.
 */
export function open311Routes(facade: Open311Facade, auth: AuthService, clock: Clock): Router {
  const router = express.Router();
  router.use(BASE, (req, res, next) => {
    res.set("Access-Control-Allow-Origin", "*");
    if (req.method !== "OPTIONS") return next();
    res.set({
      "Access-Control-Allow-Methods": "GET, POST",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "86400",
    });
    res.status(204).end();
  });
  router.get(`${BASE}/services.json`, (_req, res) => {
    res.json(facade.services());
  });
  router.get(
    `${BASE}/requests.json`,
    route(async (req, res) => {
      const q = queryOf(req, clock.now());
      const page = await facade.list(q);
      if (page.hasNextPage) res.set("Link", nextPageLink(req, q.page));
      res.json(page.requests);
    }),
  );
  router.get(
    `${BASE}/requests/:id.json`,
    route(async (req, res) => {
      res.json([await facade.byId(String(req.params.id))]);
    }),
  );
  router.post(
    `${BASE}/requests.json`,
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
    route(async (req, res) => {
      const fields = fieldsOf(req.body);
      const key = fields.api_key?.trim() || param(req, "api_key");
      if (!key) throw unauthenticated("api_key is required to post a service request");
      const viewer = await auth.routeViewer(key, "open311Submit", req.path, req.socket.remoteAddress ?? null).catch((e) => {
        if (e instanceof DomainError && e.code === ErrorCode.UNAUTHENTICATED) throw forbidden(`api_key is not valid: ${e.message}`);
        throw e;
      });
      const token = viewer.token;
      if (!token) throw forbidden("api_key is not an API token of this desk");
      res.json([await facade.submit(fields, { id: token.id, label: token.label })]);
    }),
  );
  router.all(/^\/open311\/.*\.xml$/, (_req, res) => refuse(res, 400, "Only JSON is served here: ask for the same path ending in .json"));
  router.use("/open311", (_req, res) =>
    refuse(res, 404, "No such Open311 resource; the endpoints are under /open311/v2/ and end in .json"),
  );
  router.use("/open311", bodyErrors);
  return router;
}
