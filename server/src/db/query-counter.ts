import type { Logger } from "typeorm";

/** Counts SQL statements sent, so tests can prove a board costs a handful whatever its size. */
export class QueryCounter implements Logger {
  count = 0;
  logQuery(): void {
    this.count++;
  }
  logQueryError(error: string | Error, query: string): void {
    if (process.env.DESK_LOG_SQL_ERRORS) console.error("SQL error", error, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
