import "reflect-metadata";
import { openAppDatabase } from "./database.js";
import { startServices, type Cleanups } from "./services.js";
import { systemClock } from "../clock.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../ops/logger.js";
import { seedDemo } from "./demo-seed.js";

const config = loadConfig();
const cleanups: Cleanups = [];
try {
  const { dataSource, embedded } = await openAppDatabase(config, cleanups);
  const wiring = await startServices(dataSource, config, systemClock, createLogger(config.logLevel), embedded, cleanups);
  const { cases } = await seedDemo(wiring, config.env === "production");
  process.stdout.write(`demo data: ${cases} cases created\n`);
} finally {
  for (const stop of cleanups.reverse()) await stop();
}
