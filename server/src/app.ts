import "reflect-metadata";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataSource } from "typeorm";
import { openAppDatabase } from "./app/database.js";
import { apolloServer, httpApp } from "./app/http.js";
import { startServices, type Cleanups } from "./app/services.js";
import { startGraphqlWs } from "./app/ws-server.js";
import type { IdentityCache } from "./auth/identity-cache.js";
import { User } from "./auth/user.entity.js";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Services } from "./graphql/context.js";
import type { QueryCounter } from "./db/query-counter.js";
import { AccessGuard } from "./graphql/access-guard.js";
import { armor } from "./graphql/limits.js";
import { buildAppSchema } from "./graphql/schema.js";
import { createLogger, type Logger } from "./ops/logger.js";
import { Metrics } from "./ops/metrics.js";
import { seedDemoIfWanted } from "./app/demo-seed.js";
import { attachmentLoaders } from "./records/attachment.loaders.js";
import { slaLoaders } from "./sla/sla.loaders.js";
import { Role } from "./sop/sop.definition.js";

export interface App {
  /** Where to reach the API: on 127.0.0.1 when bound to every interface. */
  url: string;
  wsUrl: string;
  port: number;
  /** The address bound, as the server reports it: http://0.0.0.0:4000, http://[::]:4000, http://127.0.0.1:4000. */
  listening: string;
  dataSource: DataSource;
  queries: QueryCounter;
  services: Services;
  /** The accounts and API tokens kept between requests. */
  identities: IdentityCache;
  /** While the desk has no account: the code that sets up its first superuser from the console's sign-in page. */
  setupCode: string | null;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
}

/** Config → database → services → schema → HTTP (Apollo) and WebSocket (graphql-ws) on one port. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const log = (line: string) => logger.info(line);
  const cleanups: Cleanups = [];
  const runCleanups = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => logger.error({ err: e }, "shutdown step failed"));
  };
  try {
    const { dataSource, queries, embedded } = await openAppDatabase(config, cleanups);
    const wiring = await startServices(dataSource, config, clock, logger, embedded, cleanups);
    const { services, shared } = wiring;
    const { accounts, sweeper, outbox } = services;

    if (config.bootstrapSuperuser && (await dataSource.getRepository(User).count()) === 0) {
      await accounts.insertUser({ ...config.bootstrapSuperuser, displayName: "Superuser", role: Role.SUPERUSER });
      log(`superuser ${config.bootstrapSuperuser.username} created`);
    }
    const seeded = await seedDemoIfWanted(wiring, config.seedDemo, embedded, config.env === "production");
    if (seeded) log(`demo data created: ${seeded.cases} cases, logins in README.md`);
    const setupCode = (await accounts.setupRequired()) ? shared.tokens.setupCode() : null;

    if (config.slaSweepSeconds > 0) {
      sweeper.start(config.slaSweepSeconds * 1000);
      cleanups.push(() => sweeper.stop());
    }
    if (config.outboxPollSeconds > 0 && config.webhookUrls.length > 0) {
      outbox.start(config.outboxPollSeconds * 1000);
      cleanups.push(() => outbox.stop());
    }

    const schema = await buildAppSchema();
    const metrics = new Metrics(dataSource, clock);
    const loaders = () => ({ ...services.caseQueries.loaders(), ...slaLoaders(dataSource), ...attachmentLoaders(dataSource) });
    const limits = armor();
    const guard = new AccessGuard(config.env === "production", shared.apiTokenUsage);
    const httpServer = createServer();
    const ws = startGraphqlWs(
      httpServer,
      { schema, config, services, validationRules: limits.validationRules, guard, metrics, loaders, logger },
      cleanups,
    );
    const apollo = apolloServer({ schema, config, httpServer, limits, guard, metrics, drainWs: ws.drain, logger });
    await apollo.start();
    cleanups.push(() => apollo.stop());
    httpServer.on("request", httpApp({ config, dataSource, services, apollo, loaders, metrics, logger }));

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { address, family, port } = httpServer.address() as AddressInfo;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    let stopped: Promise<void> | null = null;
    return {
      url: `http://${host}:${port}/graphql`,
      wsUrl: `ws://${host}:${port}/graphql`,
      port,
      listening: `http://${family === "IPv6" ? `[${address}]` : address}:${port}`,
      dataSource,
      queries,
      services,
      identities: shared.identities,
      setupCode,
      stop: () => (stopped ??= runCleanups()),
    };
  } catch (e) {
    await runCleanups();
    throw e;
  }
}
