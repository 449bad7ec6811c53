import type { Logger } from "typeorm";

/** Counts SQL statements sent, so tests can prove a board costs a handful whatever its size. */
export class QueryCounter implements Logger {
  count = 0;
  /** The latest few statements' texts, newest last. */
  readonly recent: string[] = [];
  logQuery(query: string): void {
    this.count++;
    this.recent.push(query);
    if (this.recent.length > 20) this.recent.shift();
  }
  logQueryError(error: string | Error, query: string): void {
    if (process.env.DESK_LOG_SQL_ERRORS) process.stderr.write(`SQL error: ${error}\n  in: ${query}\n`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
