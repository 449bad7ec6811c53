import { randomUUID, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { DataSource } from "typeorm";
import { ErrorCode, HTTP_STATUS } from "../errors.js";
import type { Logger } from "./logger.js";
import type { Metrics } from "./metrics.js";

const REQUEST_ID = /^[\w.:-]{1,64}$/;

declare module "express-serve-static-core" {
  interface Request {
    id: string;
    log: Logger;
  }
  interface Locals {
    operation?: string;
    /** A file of the console: logged at debug, as a page load fetches many. */
    asset?: boolean;
  }
}

/** The first path segment, so metrics have few labels: /graphql, /exports, /attachments, … */
const family = (path: string) => `/${path.split("/")[1] ?? ""}`;

/** Gives every request an id (the caller's `X-Request-Id` when it is sane), echoes it, and logs one line when it ends (console files at debug). */
export function requestLog(logger: Logger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.get("x-request-id");
    req.id = given && REQUEST_ID.test(given) ? given : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.set("X-Request-Id", req.id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split("?")[0];
      metrics.httpRequests.inc({ route: family(path), status: String(res.statusCode) });
      if (path === "/healthz" || path === "/readyz" || path === "/metrics") return;
      req.log[res.locals.asset ? "debug" : "info"](
        { method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, operation: res.locals.operation },
        "request",
      );
    });
    next();
  };
}

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. /metrics: Prometheus text. */
export function opsRoutes(ds: DataSource, metrics: Metrics, metricsToken: string | undefined): Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (req, res) => {
    try {
      await ds.query("SELECT 1");
      if (await ds.showMigrations()) {
        res.status(503).json({ status: "migrations pending" });
        return;
      }
      res.json({ status: "ready" });
    } catch (e) {
      req.log.warn({ err: e }, "readiness check failed");
      res.status(503).json({ status: "database unreachable" });
    }
  });
  router.get("/metrics", async (req, res) => {
    if (metricsToken) {
      const given = Buffer.from(req.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "");
      const wanted = Buffer.from(metricsToken);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        res
          .status(HTTP_STATUS[ErrorCode.UNAUTHENTICATED])
          .json({ error: { code: ErrorCode.UNAUTHENTICATED, message: "Bearer METRICS_TOKEN required" } });
        return;
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
