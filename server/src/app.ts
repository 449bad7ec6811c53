import "reflect-metadata";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { execute, getOperationAST } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { DataSource } from "typeorm";
import { WebSocketServer } from "ws";
import { ApiTokenService } from "./auth/api-token.service.js";
import { ApiTokenUsage } from "./auth/api-token.usage.js";
import { AuthService } from "./auth/auth.service.js";
import { DisplayTokenService } from "./auth/display-token.service.js";
import { IdentityCache, listenForIdentityChanges, listenOnSharedSession } from "./auth/identity-cache.js";
import { TokenService } from "./auth/token.service.js";
import { User } from "./auth/user.entity.js";
import { ANONYMOUS, type Identity } from "./auth/viewer.js";
import { DuplicateFinder } from "./case/case-duplicates.js";
import { CaseShareService } from "./case/case-share.service.js";
import { createCaseModule } from "./case/case.module.js";
import { GuessLimiter } from "./auth/guess-limiter.js";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Context, Services } from "./graphql/context.js";
import { openDatabase, poolOf } from "./db/data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./db/embedded.js";
import type { QueryCounter } from "./db/query-counter.js";
import { generatedTokenSecret, installationId } from "./db/settings.js";
import { DomainError, ErrorCode } from "./errors.js";
import { AccessGuard } from "./graphql/access-guard.js";
import { compiledExecutionGateway } from "./graphql/compiled-executor.js";
import { formatError, requestError, toGraphQLError } from "./graphql/format-error.js";
import { armor, bodyErrors, MAX_BODY_BYTES, PARSE_OPTIONS, validateWith } from "./graphql/limits.js";
import { noStorePlugin } from "./graphql/no-store.js";
import { containsNul, nulGuardPlugin, nulRefusal } from "./graphql/nul-guard.js";
import { rateLimitStatusPlugin } from "./graphql/rate-limit-status.js";
import { RequestLimiter } from "./graphql/request-limiter.js";
import { buildAppSchema } from "./graphql/schema.js";
import { sharedSubscribe } from "./graphql/shared-subscribe.js";
import { OutboxWriter } from "./notify/outbox.js";
import { OutboxWorker } from "./notify/outbox.worker.js";
import { open311Routes } from "./open311/open311.routes.js";
import { Open311Facade } from "./open311/open311.service.js";
import { createLogger, type Logger } from "./ops/logger.js";
import { Metrics } from "./ops/metrics.js";
import { metricsPlugin } from "./graphql/metrics.plugin.js";
import { opsRoutes, requestLog } from "./ops/ops.routes.js";
import { attachmentLoaders } from "./records/attachment.loaders.js";
import { attachmentRoutes } from "./records/attachment.routes.js";
import { AttachmentService } from "./records/attachment.service.js";
import { CaseExporter } from "./records/case-export.js";
import { exportRoutes } from "./records/export.routes.js";
import { LocalFileStore } from "./records/file-store.js";
import { complianceDownloadRoute } from "./records/report.download.js";
import { ReportService } from "./records/report.service.js";
import { CITY_SCOPE, createRealtimeBus, Topic } from "./realtime/pubsub.js";
import { CountdownHub } from "./sla/countdown.hub.js";
import { slaLoaders } from "./sla/sla.loaders.js";
import { TokenSockets, tokenKey } from "./realtime/token-sockets.js";
import { SocketLimits, TOO_MANY_CONNECTIONS } from "./realtime/socket-limits.js";
import { cutOff, watchBacklog } from "./realtime/slow-consumer.js";
import { SlaSweeper } from "./sla/sla.sweeper.js";
import { CalendarService } from "./sop/calendar.service.js";
import { seedDemoIfWanted } from "./seed/seed-demo.js";
import { Role } from "./sop/sop.definition.js";
import { SopService } from "./sop/sop.service.js";

export interface App {
  url: string;
  wsUrl: string;
  port: number;
  dataSource: DataSource;
  queries: QueryCounter;
  services: Services;
  /** The accounts and API tokens kept between requests. */
  identities: IdentityCache;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
}

function bearer(value: unknown): string | null {
  if (typeof value !== "string" || !value.trim()) return null;
  return value.replace(/^Bearer\s+/i, "").trim();
}

/** Config → database → services → schema → HTTP (Apollo) and WebSocket (graphql-ws) on one port. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const log = (line: string) => logger.info(line);
  const cleanups: (() => Promise<unknown>)[] = [];
  const runCleanups = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => logger.error({ err: e }, "shutdown step failed"));
  };
  try {
    let embedded: EmbeddedPostgres | null = null;
    if (!config.databaseUrl) {
      embedded = await startEmbeddedPostgres(config.dataDir);
      cleanups.push(() => embedded!.stop());
    }
    const { dataSource, queries } = await openDatabase(config.databaseUrl ?? embedded!.url, embedded ? 1 : config.databasePoolMax, config.databaseTimeoutMs, {
      sharedSession: Boolean(embedded),
    });
    cleanups.push(() => dataSource.destroy());

    const sops = new SopService(dataSource);
    await sops.ensureSeeded();
    const bus = await createRealtimeBus(await installationId(dataSource), config.redisUrl, (e) =>
      logger.warn({ err: e }, "Redis pub/sub failed (it reconnects by itself; events meanwhile are lost)"),
    );
    cleanups.push(() => bus.close());
    const tokens = new TokenService(config.jwtSecret ?? (await generatedTokenSecret(dataSource)), config.tokenTtlHours);
    const apiTokenUsage = new ApiTokenUsage(dataSource, 2_000, (e) => logger.error({ err: e }, "API token use log write failed"));
    cleanups.push(() => apiTokenUsage.close());
    const identities = new IdentityCache(config.identityCacheSeconds * 1000);
    if (config.identityCacheSeconds > 0) {
      if (embedded) await listenOnSharedSession(poolOf(dataSource), identities);
      else cleanups.push(listenForIdentityChanges(config.databaseUrl!, identities, logger, poolOf(dataSource)));
    }
    const apiTokens = new ApiTokenService(dataSource, clock, bus, apiTokenUsage, identities);
    const auth = new AuthService(dataSource, tokens, clock, apiTokens, identities);
    const displays = new DisplayTokenService(dataSource, tokens, clock, bus);
    const calendars = new CalendarService(dataSource, sops, bus);
    await calendars.load();
    const calendarEdits = bus.subscribe(Topic.CALENDAR_CHANGED, CITY_SCOPE);
    void (async () => {
      for await (const _ of calendarEdits) await calendars.load().catch((e) => log(`calendar reload failed: ${e}`));
    })();
    cleanups.push(async () => calendarEdits.return?.());
    const outboxWriter = new OutboxWriter(config.webhookUrls);
    const { repository: caseRepository, cases, queries: caseQueries } = createCaseModule({
      ds: dataSource,
      sops,
      calendars,
      bus,
      clock,
      outbox: outboxWriter,
      identities,
      log: logger,
    });
    const sweeper = new SlaSweeper(dataSource, cases, outboxWriter, bus, clock, log);
    const outbox = new OutboxWorker(dataSource, clock, config.webhookUrls, config.webhookSecret, log);
    const countdowns = new CountdownHub(caseRepository, calendars, sops, bus, clock, config.slaHeartbeatSeconds * 1000);
    cleanups.push(() => countdowns.close());
    const duplicates = new DuplicateFinder(dataSource, clock);
    const shares = new CaseShareService(caseRepository, sops, clock);
    const guesses = new GuessLimiter(dataSource, clock);
    const reports = new ReportService(dataSource);
    const attachments = new AttachmentService(dataSource, caseRepository, new LocalFileStore(config.attachmentDir), clock, config.attachmentMaxBytes);
    const services: Services = {
      auth,
      displays,
      apiTokens,
      cases,
      caseQueries,
      duplicates,
      shares,
      guesses,
      sops,
      calendars,
      sweeper,
      outbox,
      countdowns,
      reports,
      attachments,
      bus,
      clock,
    };
    const loaders = () => ({ ...caseQueries.loaders(), ...slaLoaders(dataSource), ...attachmentLoaders(dataSource) });

    if (config.bootstrapSuperuser && (await dataSource.getRepository(User).count()) === 0) {
      await auth.insertUser({ ...config.bootstrapSuperuser, displayName: "Superuser", role: Role.SUPERUSER });
      log(`superuser ${config.bootstrapSuperuser.username} created`);
    }
    const seeded = await seedDemoIfWanted(services, dataSource, config.seedDemo, embedded !== null);
    if (seeded) log(`demo data created: ${seeded.cases} cases, logins in README.md`);

    if (config.slaSweepSeconds > 0) {
      sweeper.start(config.slaSweepSeconds * 1000);
      cleanups.push(() => sweeper.stop());
    }
    if (config.outboxPollSeconds > 0 && config.webhookUrls.length > 0) {
      outbox.start(config.outboxPollSeconds * 1000);
      cleanups.push(() => outbox.stop());
    }

    const schema = await buildAppSchema();
    const app = express();
    const metrics = new Metrics(dataSource, clock);
    app.use(requestLog(logger, metrics));
    app.use(["/graphql", "/exports", "/reports", "/attachments", "/cases", "/portal", "/open311"], new RequestLimiter(config.rateLimitPerMinute, clock).middleware());
    const socketLimits = new SocketLimits({
      connectionsPerIdentity: config.wsConnectionsPerIdentity,
      operationsPerConnection: config.wsOperationsPerConnection,
    });
    const httpServer: Server = createServer(app);
    const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: MAX_BODY_BYTES });
    const limits = armor();
    const guard = new AccessGuard(config.env === "production", apiTokenUsage);
    const tokenSockets = new TokenSockets();
    const revocations = bus.subscribe<string>(Topic.TOKEN_REVOKED, CITY_SCOPE);
    void (async () => {
      for await (const key of revocations) tokenSockets.close(key);
    })();
    cleanups.push(async () => revocations.return?.());
    const wsCleanup = useServer<Record<string, unknown>, { identity?: Identity; limitKey?: string; revocable?: string }>(
      {
        schema,
        validate: validateWith(limits.validationRules),
        onSubscribe: (ctx, id, payload) => {
          if (containsNul(payload.query) || containsNul(payload.variables)) return [nulRefusal()];
          const refused = socketLimits.start(ctx, id);
          return refused ? [refused] : undefined;
        },
        execute: guard.wrap(execute),
        subscribe: guard.wrap(sharedSubscribe),
        context: (ctx): Context => ({
          ...(ctx.extra.identity ?? ANONYMOUS),
          services,
          loaders: loaders(),
          clientIp: ctx.extra.request.socket.remoteAddress ?? null,
          fallBehind: () => {
            logger.warn({ client: ctx.extra.request.socket.remoteAddress }, "WebSocket client too far behind in reading: disconnected");
            cutOff(ctx.extra.socket);
          },
        }),
        onConnect: async (ctx) => {
          const token = bearer(ctx.connectionParams?.authorization ?? ctx.connectionParams?.token);
          try {
            ctx.extra.identity = token ? await auth.identify(token) : ANONYMOUS;
          } catch (e) {
            if (e instanceof DomainError) return false;
            throw e;
          }
          const { viewer, display } = ctx.extra.identity;
          const revocable = viewer?.token ? tokenKey("api", viewer.token.id) : display ? tokenKey("display", display.displayTokenId) : null;
          ctx.extra.revocable = revocable ?? undefined;
          ctx.extra.limitKey = revocable ?? (viewer ? `user:${viewer.userId}` : `ip:${ctx.extra.request.socket.remoteAddress}`);
          if (!socketLimits.admit(ctx.extra.limitKey, ctx)) {
            ctx.extra.limitKey = undefined;
            ctx.extra.socket.close(TOO_MANY_CONNECTIONS, "Too many connections for this sign-in");
            return false;
          }
          if (revocable) tokenSockets.add(revocable, ctx.extra.socket);
          return true;
        },
        onOperation: (ctx, id, _payload, args) => {
          if (getOperationAST(args.document, args.operationName)?.operation === "subscription") metrics.subscriptionStarted(ctx, id);
        },
        onComplete: (ctx, id) => {
          metrics.subscriptionEnded(ctx, id);
          socketLimits.end(ctx, id);
        },
        onClose: (ctx) => {
          metrics.connectionClosed(ctx);
          socketLimits.release(ctx.extra.limitKey, ctx);
          if (ctx.extra.revocable) tokenSockets.remove(ctx.extra.revocable, ctx.extra.socket);
        },
        onNext: (ctx, _id, _payload, _args, result) => {
          watchBacklog(ctx.extra.socket, config.wsMaxBufferedBytes, (buffered) =>
            logger.warn({ buffered, client: ctx.extra.request.socket.remoteAddress }, "WebSocket client too far behind in reading: disconnected"),
          );
          return result.errors ? { ...result, errors: result.errors.map((e) => toGraphQLError(e.originalError ?? e)) } : result;
        },
        onError: (ctx, id, _payload, errors) => {
          socketLimits.end(ctx, id);
          return errors.map((e) => toGraphQLError(e.originalError ?? e));
        },
      },
      wsServer,
    );

    const apollo = new ApolloServer<Context>({
      gateway: compiledExecutionGateway(schema, config.graphqlCompileAfter),
      formatError,
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
            return {
              async drainServer() {
                for (const client of wsServer.clients) client.close(1012, "Server restarting");
                await wsCleanup.dispose();
              },
            };
          },
        },
      ],
    });
    await apollo.start();
    cleanups.push(() => apollo.stop());

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
    app.use(open311Routes(new Open311Facade(dataSource, sops, cases), auth, clock));
    if (existsSync(join(config.adminUiDist, "index.html"))) {
      app.use(express.static(config.adminUiDist, { index: "index.html", maxAge: "1h" }));
      // Console routes get the page; the API's own paths never do (a mistyped download is a 404, not HTML).
      app.get(/^\/(?!graphql|healthz|readyz|metrics|exports\/|reports\/|attachments\/|portal\/attachments|cases\/|open311\/).*/, (_req, res) => {
        res.sendFile(join(config.adminUiDist, "index.html"));
      });
    }
    app.use((_req, res) => {
      res.status(404).json({ error: { code: ErrorCode.NOT_FOUND, message: "No such path" } });
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as { port: number };
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    let stopped: Promise<void> | null = null;
    return {
      url: `http://${host}:${port}/graphql`,
      wsUrl: `ws://${host}:${port}/graphql`,
      port,
      dataSource,
      queries,
      services,
      identities,
      stop: () => (stopped ??= runCleanups()),
    };
  } catch (e) {
    await runCleanups();
    throw e;
  }
}
