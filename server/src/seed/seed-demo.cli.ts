import "reflect-metadata";
import { startApp } from "../app.js";
import { loadConfig } from "../config.js";
import { seedDemo } from "./seed-demo.js";

const config = loadConfig({ ...process.env, SEED_DEMO: "false", PORT: "0" });
const app = await startApp(config);
try {
  const { cases } = await seedDemo(app.services, app.dataSource);
  process.stdout.write(`demo data: ${cases} cases created\n`);
} finally {
  await app.stop();
}
