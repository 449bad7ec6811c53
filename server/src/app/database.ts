import type { Config } from "../config.js";
import { openDatabase, type Database } from "../db/data-source.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded.js";
import type { Cleanups } from "./services.js";

/** DATABASE_URL's server, or the embedded one under DATA_DIR (one connection: it has one session), migrated. */
export async function openAppDatabase(config: Config, cleanups: Cleanups): Promise<Database & { embedded: boolean }> {
  let embedded: EmbeddedPostgres | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    cleanups.push(() => embedded!.stop());
  }
  const database = await openDatabase(
    config.databaseUrl ?? embedded!.url,
    embedded ? 1 : config.databasePoolMax,
    config.databaseTimeoutMs,
    {
      sharedSession: Boolean(embedded),
    },
  );
  cleanups.push(() => database.dataSource.destroy());
  return { ...database, embedded: embedded !== null };
}
