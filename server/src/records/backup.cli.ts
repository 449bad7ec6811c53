import "reflect-metadata";
import { createReadStream, createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/data-source.js";
import { startEmbeddedPostgres } from "../db/embedded.js";
import { exportBackup, importBackup } from "./backup.js";

const [command, file] = process.argv.slice(2);
if (!["export", "import"].includes(command) || !file) {
  console.error("usage: npm run backup -- export FILE | import FILE   (the server must be stopped when the database is embedded)");
  process.exit(2);
}
const config = loadConfig({ ...process.env, SEED_DEMO: "false" });
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
const { dataSource } = await openDatabase(config.databaseUrl ?? embedded!.url, embedded ? 1 : 2, 0, { sharedSession: Boolean(embedded) });
try {
  if (command === "export") {
    const out = createWriteStream(file, { flags: "wx" });
    const summary = await exportBackup(dataSource, out, new Date());
    out.end();
    await finished(out);
    console.log(`exported ${summary.rows} rows to ${file}:`, summary.tables);
  } else {
    const summary = await importBackup(dataSource, createReadStream(file));
    console.log(`imported ${summary.rows} rows from ${file}:`, summary.tables);
  }
  console.log(`attachment files are not in the backup: copy ${config.attachmentDir} alongside it`);
} catch (e) {
  console.error(`backup ${command} failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
  await embedded?.stop();
}
