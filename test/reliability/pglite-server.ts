// The embedded database in a process of its own, for tests that must pause it (SIGSTOP) without
// pausing the server: the same PGlite behind the same socket server as server/src/db/embedded.ts.
// Usage: node --import tsx test/reliability/pglite-server.ts <dataDir>; prints "PGLITE <url>".
import { startEmbeddedPostgres } from "../../server/src/db/embedded.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: pglite-server.ts <dataDir>");
const db = await startEmbeddedPostgres(dataDir);
console.log(`PGLITE ${db.url}`);
const stop = () => void db.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
