import { createHash } from "node:crypto";
import { QueryFailedError, type DataSource } from "typeorm";

interface NamedQuery {
  name?: string;
  text: string;
  values: unknown[];
}

interface PoolClient {
  query(query: NamedQuery): Promise<{ rows: Record<string, unknown>[] }>;
  on(event: "error", listener: (e: Error) => void): void;
  off(event: "error", listener: (e: Error) => void): void;
  release(destroy?: Error): void;
}

/** Distinct statement texts given a name; any further text runs unnamed, so no client can grow the server's plan caches without bound. */
const MAX_NAMED = 256;
const names = new Map<string, string>();
/** Part of every name; moved on when PostgreSQL refuses a plan after a schema change, so each statement is prepared afresh. */
let generation = 0;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED) {
    name = createHash("sha1").update(text).digest("hex").slice(0, 24);
    names.set(text, name);
  }
  return name && `desk${generation}_${name}`;
}

/**
 * Runs a statement outside any transaction as a named prepared statement: each pooled connection
 * parses and plans it once, then only binds and executes it. For the hot, fixed-shape statements
 * (the viewer, the case, a step action's write); counted and wrapped like `DataSource.query`.
 */
export async function preparedQuery(ds: DataSource, text: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  const pool = (ds.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master;
  const client = await pool.connect();
  // As TypeORM does: a statement's error leaves the connection pooled; only a broken connection is dropped.
  let broken: Error | undefined;
  const onError = (e: Error) => (broken = e);
  client.on("error", onError);
  ds.logger.logQuery(text, values);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await client.query({ name: nameOf(text), text, values })).rows;
      } catch (e) {
        // A column added by a migration while this server runs: the statement's cached plan is stale.
        if (attempt === 1 && (e as { code?: string }).code === "0A000" && /cached plan must not change result type/.test(String(e))) {
          generation++;
          continue;
        }
        ds.logger.logQueryError(e as Error, text, values);
        throw new QueryFailedError(text, values, e as Error);
      }
    }
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}
