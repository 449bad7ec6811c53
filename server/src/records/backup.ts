import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { DataSource, EntityManager } from "typeorm";
import { DomainError, ErrorCode, invalid } from "../errors.js";

export const BACKUP_FORMAT = "sop-desk-backup";
const BACKUP_VERSION = 1;
const BATCH = 1_000;

interface Header {
  format: string;
  version: number;
  exportedAt: string;
  migrations: string[];
  sequences: { name: string; value: string | null; called: boolean }[];
}

interface Table {
  name: string;
  key: { column: string; type: string }[];
}

export interface BackupSummary {
  tables: Record<string, number>;
  rows: number;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The app's tables (not TypeORM's `migrations`), parents before children. */
async function tablesInOrder(m: EntityManager): Promise<Table[]> {
  const keys = (await m.query(
    `SELECT c.relname AS name, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE c.relkind = 'r' AND c.relname <> 'migrations'
      ORDER BY c.relname, k.pos`,
  )) as { name: string; column: string; type: string }[];
  const edges = (await m.query(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint f
       JOIN pg_class c ON c.oid = f.conrelid
       JOIN pg_class p ON p.oid = f.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE f.contype = 'f' AND c.relname <> p.relname`,
  )) as { child: string; parent: string }[];
  const tables = new Map<string, Table>();
  for (const k of keys) {
    const t = tables.get(k.name) ?? { name: k.name, key: [] };
    t.key.push({ column: k.column, type: k.type });
    tables.set(k.name, t);
  }
  const ordered: Table[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name) || !tables.has(name)) return;
    if (path.has(name)) throw new Error(`foreign keys form a cycle through ${name}`);
    path.add(name);
    for (const e of edges) if (e.child === name) visit(e.parent, path);
    placed.add(name);
    ordered.push(tables.get(name)!);
  };
  for (const name of [...tables.keys()].sort()) visit(name, new Set());
  return ordered;
}

async function appliedMigrations(m: EntityManager): Promise<string[]> {
  return ((await m.query(`SELECT name FROM migrations ORDER BY id`)) as { name: string }[]).map((r) => r.name);
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once("drain", resolve));
}

/**
 * Everything in the database as JSON lines: a header (format, migrations, sequence values), then
 * `{"t": table, "r": row}` per row in primary-key order, parents first, then `{"end": true, ...}`.
 * Read in one repeatable-read snapshot, a thousand rows per statement. Attachment files are not in it.
 */
export async function exportBackup(ds: DataSource, out: Writable, now: Date): Promise<BackupSummary> {
  return ds.transaction("REPEATABLE READ", async (m) => {
    const sequences = (await m.query(
      `SELECT sequencename AS name, last_value::text AS value, last_value IS NOT NULL AS called FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    )) as Header["sequences"];
    const header: Header = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: now.toISOString(),
      migrations: await appliedMigrations(m),
      sequences,
    };
    await write(out, JSON.stringify(header));
    const summary: BackupSummary = { tables: {}, rows: 0 };
    for (const table of await tablesInOrder(m)) {
      const key = table.key.map((k) => ident(k.column)).join(", ");
      let after: unknown[] | null = null;
      summary.tables[table.name] = 0;
      for (;;) {
        const params: unknown[] = after ?? [];
        const where = after ? `WHERE (${key}) > (${table.key.map((k, i) => `$${i + 1}::${k.type}`).join(", ")})` : "";
        const rows = (await m.query(
          `SELECT row_to_json(t)::text AS j, ${table.key.map((k, i) => `t.${ident(k.column)}::text AS k${i}`).join(", ")}
             FROM ${ident(table.name)} t ${where} ORDER BY ${key} LIMIT ${BATCH}`,
          params,
        )) as Record<string, string>[];
        let chunk = "";
        for (const r of rows) chunk += `{"t":${JSON.stringify(table.name)},"r":${r.j}}\n`;
        if (chunk && !out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
        summary.tables[table.name] += rows.length;
        summary.rows += rows.length;
        if (rows.length < BATCH) break;
        const last = rows[rows.length - 1];
        after = table.key.map((_k, i) => last[`k${i}`]);
      }
    }
    await write(out, JSON.stringify({ end: true, rows: summary.rows, tables: summary.tables }));
    return summary;
  });
}

/** A row line, split without parsing the row: its numbers (bigint ids) stay exactly as written. */
const ROW_LINE = /^\{"t":("(?:[^"\\]|\\.)*"),"r":(\{.*\})\}$/;

const refused = (message: string) => new DomainError(ErrorCode.CONFLICT, message);

/**
 * Restores a backup into a database that has the same migrations and no cases, users or OPDs yet
 * (what a fresh installation has); in one transaction, so a bad file leaves nothing behind.
 */
export async function importBackup(ds: DataSource, input: Readable): Promise<BackupSummary> {
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw invalid("backup", "is empty");
  const header = JSON.parse(first.value) as Header;
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION)
    throw invalid("backup", `is not a ${BACKUP_FORMAT} v${BACKUP_VERSION} file`);
  return ds.transaction(async (m) => {
    const migrations = await appliedMigrations(m);
    if (JSON.stringify(migrations) !== JSON.stringify(header.migrations)) {
      throw refused(`the backup was made at migration ${header.migrations.at(-1)}, this database is at ${migrations.at(-1)}`);
    }
    const [{ n }] = (await m.query(
      `SELECT (SELECT count(*) FROM complaint_case) + (SELECT count(*) FROM app_user) + (SELECT count(*) FROM opd) AS n`,
    )) as { n: string }[];
    if (Number(n) > 0) throw refused("the database already holds cases, users or OPDs; restore into a fresh one");
    const tables = await tablesInOrder(m);
    await m.query(`SET LOCAL desk.restore = 'on'`);
    for (const t of [...tables].reverse()) await m.query(`DELETE FROM ${ident(t.name)}`);
    const known = new Set(tables.map((t) => t.name));
    const summary: BackupSummary = { tables: {}, rows: 0 };
    let pending: { table: string; rows: string[] } = { table: "", rows: [] };
    const flush = async () => {
      if (!pending.rows.length) return;
      await m.query(
        `INSERT INTO ${ident(pending.table)} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${ident(pending.table)}, $1::json)`,
        [`[${pending.rows.join(",")}]`],
      );
      summary.tables[pending.table] = (summary.tables[pending.table] ?? 0) + pending.rows.length;
      summary.rows += pending.rows.length;
      pending = { table: pending.table, rows: [] };
    };
    let ended = false;
    for await (const line of lines) {
      if (!line.trim()) continue;
      if (ended) throw invalid("backup", "has lines after its end");
      const row = ROW_LINE.exec(line);
      if (!row) {
        const entry = JSON.parse(line) as { end?: boolean; rows?: number };
        if (!entry.end) throw invalid("backup", "has a line that is neither a row nor the end");
        await flush();
        if (entry.rows !== summary.rows) throw invalid("backup", `says ${entry.rows} rows, ${summary.rows} were read`);
        ended = true;
        continue;
      }
      const table = JSON.parse(row[1]) as string;
      if (!known.has(table)) throw invalid("backup", `has rows of an unknown table ${table}`);
      if (table !== pending.table) {
        await flush();
        pending = { table, rows: [] };
      }
      pending.rows.push(row[2]);
      if (pending.rows.length >= BATCH) await flush();
    }
    if (!ended) throw invalid("backup", "is cut short (no end line)");
    for (const s of header.sequences) {
      await m.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [ident(s.name), s.value ?? "1", s.called]);
    }
    return summary;
  });
}
