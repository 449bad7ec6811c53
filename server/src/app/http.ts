import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema, ValidationRule } from "graphql";
import type { DataSource } from "typeorm";
import { ANONYMOUS } from "../auth/viewer.js";
import type { Config } from "../config.js";
import type { Context, Services } from "../graphql/context.js";
import { DomainError, ErrorCode } from "../errors.js";
import type { AccessGuard } from "../graphql/access-guard.js";
import { compiledExecutionGateway } from "../graphql/compiled-executor.js";
import { formatError, requestError } from "../graphql/format-error.js";
import { bodyErrors, MAX_BODY_BYTES, PARSE_OPTIONS } from "../graphql/limits.js";
import { noStorePlugin } from "../graphql/no-store.js";
import { nulGuardPlugin } from "../graphql/nul-guard.js";
import { rateLimitStatusPlugin } from "../graphql/rate-limit-status.js";
import { RequestLimiter } from "../graphql/request-limiter.js";
import { open311Routes } from "../open311/open311.routes.js";
import { Open311Facade } from "../open311/open311.service.js";
import type { Logger } from "../ops/logger.js";
import type { Metrics } from "../ops/metrics.js";
import { metricsPlugin } from "../graphql/metrics.plugin.js";
import { opsRoutes, requestLog } from "../ops/ops.routes.js";
import { adminTrailRoutes } from "../records/admin-trail.routes.js";
import { attachmentRoutes } from "../records/attachment.routes.js";
import { CaseExporter } from "../records/case-export.js";
import { exportRoutes } from "../records/export.routes.js";
import { complianceDownloadRoute } from "../records/report.download.js";

export function bearer(value: unknown): string | null {
  if (typeof value !== "string" || !value.trim()) return null;
  return value.replace(/^Bearer\s+/i, "").trim();
}

export interface ApolloParts {
  schema: GraphQLSchema;
  config: Pick<Config, "env" | "graphqlCompileAfter">;
  httpServer: Server;
  limits: { plugins: ApolloServerPlugin<Context>[]; validationRules: ValidationRule[] };
  guard: AccessGuard;
  metrics: Metrics;
  /** Drained with the HTTP server: the graphql-ws sockets on it. */
  drainWs: () => Promise<void>;
  logger: Logger;
}

/** GraphQL over HTTP; not started. */
export function apolloServer({ schema, config, httpServer, limits, guard, metrics, drainWs, logger }: ApolloParts): ApolloServer<Context> {
  return new ApolloServer<Context>({
    gateway: compiledExecutionGateway(schema, config.graphqlCompileAfter),
    formatError: (formatted, error) => formatError(formatted, error, logger),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: PARSE_OPTIONS,
    validationRules: limits.validationRules,
    // Always on in Apollo; the access guard decides who may introspect.
    introspection: true,
    csrfPrevention: true,
    // main.ts owns shutdown; Apollo's own handler would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No response is cacheable; without the default cache-control plugin no resolver is wrapped per field.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      config.env === "production" ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...limits.plugins,
      guard.plugin(),
      rateLimitStatusPlugin,
      nulGuardPlugin,
      metricsPlugin(metrics),
      {
        async serverWillStart() {
          return { drainServer: drainWs };
        },
      },
    ],
  });
}

export interface HttpParts {
  config: Pick<Config, "rateLimitPerMinute" | "metricsToken" | "adminUiDist">;
  dataSource: DataSource;
  services: Services;
  /** Started. */
  apollo: ApolloServer<Context>;
  loaders: () => Context["loaders"];
  metrics: Metrics;
  logger: Logger;
}

/** Every HTTP route, in the order a request meets them; the console's files when it is built. */
export function httpApp({ config, dataSource, services, apollo, loaders, metrics, logger }: HttpParts): express.Express {
  const { auth, reports, attachments, caseQueries, guesses, sops, cases, clock } = services;
  const app = express();
  app.use(requestLog(logger, metrics));
  app.use(
    ["/graphql", "/exports", "/reports", "/attachments", "/cases", "/portal", "/open311"],
    new RequestLimiter(config.rateLimitPerMinute, clock).middleware(),
  );
  // First after the request log and limiter: the hot path passes no other router on its way.
  app.use(
    "/graphql",
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const token = bearer(req.headers.authorization);
        let identity = ANONYMOUS;
        if (token) {
          try {
            identity = await auth.identify(token);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            throw requestError(e, 401);
          }
        }
        return {
          ...identity,
          services,
          loaders: loaders(),
          clientIp: req.socket.remoteAddress ?? null,
          noteOperation: (operation: string) => (res.locals.operation = operation),
        };
      },
    }),
  );
  app.use("/graphql", bodyErrors);
  app.use(opsRoutes(dataSource, metrics, config.metricsToken));
  app.get("/reports/compliance.csv", complianceDownloadRoute(auth, reports, "csv"));
  app.get("/reports/compliance.xlsx", complianceDownloadRoute(auth, reports, "xlsx"));
  app.use(attachmentRoutes(auth, attachments, caseQueries, guesses));
  app.use(exportRoutes(auth, new CaseExporter(dataSource, caseQueries, clock), clock));
  app.use(adminTrailRoutes(auth, services.adminTrail, clock));
  app.use(open311Routes(new Open311Facade(dataSource, sops, cases), auth, clock));
  if (existsSync(join(config.adminUiDist, "index.html"))) {
    const asset = (res: express.Response) => {
      res.locals.asset = true;
    };
    app.use(express.static(config.adminUiDist, { index: "index.html", maxAge: "1h", setHeaders: asset }));
    // Console routes get the page; the API's own paths never do (a mistyped download is a 404, not HTML).
    app.get(
      /^\/(?!graphql|healthz|readyz|metrics|exports\/|reports\/|attachments\/|portal\/attachments|cases\/|open311\/).*/,
      (_req, res) => {
        asset(res);
        res.sendFile(join(config.adminUiDist, "index.html"));
      },
    );
  }
  app.use((_req, res) => {
    res.status(404).json({ error: { code: ErrorCode.NOT_FOUND, message: "No such path" } });
  });
  return app;
}
