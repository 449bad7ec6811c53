import "reflect-metadata";
import { loadConfig } from "../../server/src/config.js";
import { openDatabase, type Database } from "../../server/src/db/data-source.js";
import { startEmbeddedPostgres } from "../../server/src/db/embedded.js";

/** Opens the database of the environment (DATABASE_URL, else the embedded one under DATA_DIR) for a bench-side script. */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...process.env, SEED_DEMO: "false" });
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
  const db = await openDatabase(config.databaseUrl ?? embedded!.url, embedded ? 1 : 4);
  try {
    return await fn(db);
  } finally {
    await db.dataSource.destroy();
    await embedded?.stop();
  }
}
