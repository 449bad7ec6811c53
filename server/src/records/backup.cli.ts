import "reflect-metadata";
import { createReadStream, createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/data-source.js";
import { startEmbeddedPostgres } from "../db/embedded.js";
import { exportBackup, importBackup } from "./backup.js";

/** The CLI's answer for the person at the terminal, not the server's JSON log. */
const say = (line: string) => process.stdout.write(`${line}\n`);
const rows = (tables: Record<string, number>) =>
  Object.entries(tables)
    .map(([table, n]) => `${table} ${n}`)
    .join(", ");

const [command, file] = process.argv.slice(2);
if (!["export", "import"].includes(command) || !file) {
  process.stderr.write("usage: npm run backup -- export FILE | import FILE   (the server must be stopped when the database is embedded)\n");
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
    say(`exported ${summary.rows} rows to ${file}: ${rows(summary.tables)}`);
  } else {
    const summary = await importBackup(dataSource, createReadStream(file));
    say(`imported ${summary.rows} rows from ${file}: ${rows(summary.tables)}`);
  }
  say(`attachment files are not in the backup: copy ${config.attachmentDir} alongside it`);
} catch (e) {
  process.stderr.write(`backup ${command} failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
  await embedded?.stop();
}
