import "reflect-metadata";
import { startApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { DataDirLockedError } from "./db/embedded.js";
import { createLogger } from "./ops/logger.js";

function configOrExit() {
  try {
    return loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // No LOG_LEVEL to trust yet: the refusal is logged at the default level.
    createLogger("info").fatal({ problems: e.problems }, e.message);
    process.exit(2);
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
const app = await startApp(config, { logger }).catch((e: unknown) => {
  if (!(e instanceof DataDirLockedError)) throw e;
  logger.fatal(e.message);
  process.exit(2);
});
logger.info(
  `SOP complaint desk ready: listening on ${app.listening}; API ${app.url} (graphql-ws on the same path), console ${new URL("/", app.url).href} ` +
    `on ${config.databaseUrl ? "PostgreSQL from DATABASE_URL" : `embedded PostgreSQL in ${config.dataDir}`}` +
    `${config.redisUrl ? ", Redis pub/sub" : ""}`,
);
if (app.setupCode) {
  logger.info(
    `no accounts yet: open ${new URL("/login", app.url).href} and set up the desk's first superuser with the setup code ${app.setupCode}`,
  );
}
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: draining and stopping`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  app.stop().then(
    () => process.exit(0),
    (e) => {
      logger.error({ err: e }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
