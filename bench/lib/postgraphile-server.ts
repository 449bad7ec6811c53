import Module, { createRequire } from "node:module";
import { createServer } from "node:http";
import { dirname } from "node:path";

// PostGraphile 4 wants graphql 15; npm nests that copy under postgraphile/, but one of its
// dependencies (graphql-parse-resolve-info) is hoisted next to the desk's graphql 16 and would load
// that one ("Unexpected input type"). In this process only, every `graphql` is PostGraphile's.
const require = createRequire(import.meta.url);
const graphql15 = dirname(require.resolve("graphql/package.json", { paths: [dirname(require.resolve("postgraphile/package.json"))] }));
const resolve = (Module as any)._resolveFilename;
(Module as any)._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
  if (request === "graphql" || request.startsWith("graphql/")) request = graphql15 + request.slice("graphql".length);
  return resolve.call(this, request, parent, ...rest);
};
const { postgraphile } = require("postgraphile") as typeof import("postgraphile");

/**
 * The peer: PostGraphile 4 (npm, pinned) over the desk's own tables, as its docs set it up for
 * production (no GraphiQL, no query log, no watch), on a pool of the same size as the desk's
 * (DATABASE_POOL_MAX, default 10). Runs in its own process; tells its parent the port.
 */
const pool = Number(process.env.DATABASE_POOL_MAX ?? 10);
const middleware = postgraphile({ connectionString: process.env.DATABASE_URL!, max: pool } as never, "public", {
  graphiql: false,
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: true,
  retryOnInitFail: false,
});
const server = createServer(middleware);
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
