import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata.js";
import { preparedQuery } from "./prepared.js";

/** Column types whose values node-postgres already hands over as the entity holds them. */
const AS_READ = new Set<unknown>(["text", "uuid", "int", "integer", "boolean", "jsonb", "json", "varchar"]);

interface ColumnPlan {
  key: string;
  property: string;
  column: ColumnMetadata;
  asRead: boolean;
}

type Hydrator = (row: Record<string, unknown>) => Record<string, unknown>;

const hydrators = new WeakMap<EntityMetadata, Map<string, Hydrator>>();

/**
 * One function per entity and prefix that sets each present column by its literal name. Set by
 * computed names, as a loop over the columns would, V8 turns an object of more than a dozen or so
 * properties into a hash table ("dictionary mode"); every later read, copy (`Object.assign`,
 * spread) and GraphQL field of the entity then pays for it, about ten times over for a case.
 */
function hydratorOf(ds: DataSource, meta: EntityMetadata, prefix: string): Hydrator {
  let byPrefix = hydrators.get(meta);
  if (!byPrefix) hydrators.set(meta, (byPrefix = new Map()));
  let hydrator = byPrefix.get(prefix);
  if (!hydrator) {
    const plan: ColumnPlan[] = meta.columns.map((column) => ({
      key: prefix + column.databaseName,
      property: column.propertyName,
      column,
      asRead: !column.transformer && !column.isArray && AS_READ.has(column.type),
    }));
    const sets = plan.map(
      ({ key, property, asRead }, i) =>
        `v = row[${JSON.stringify(key)}]; if (v !== undefined) e[${JSON.stringify(property)}] = ${asRead ? "v" : `convert(v, columns[${i}])`};`,
    );
    const build = new Function(
      "create",
      "convert",
      "columns",
      `return function hydrate(row) { const e = create(); let v; ${sets.join(" ")} return e; };`,
    );
    hydrator = build(
      () => meta.create(),
      (value: unknown, column: ColumnMetadata) => ds.driver.prepareHydratedValue(value, column),
      plan.map((p) => p.column),
    ) as Hydrator;
    byPrefix.set(prefix, hydrator);
  }
  return hydrator;
}

/** Turns a raw row (snake_case columns, optional prefix) into an entity, for hand-written SQL; absent columns stay unset. */
export function hydrate<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, row: Record<string, unknown>, prefix = ""): T {
  return hydratorOf(ds, ds.getMetadata(target), prefix)(row) as T;
}

/** The first row of a hand-written query (prepared: see `preparedQuery`) as an entity, or null when there is none. */
export async function queryOne<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  sql: string,
  params: unknown[],
): Promise<T | null> {
  const [row] = await preparedQuery(ds, sql, params);
  return row ? hydrate(ds, target, row) : null;
}

/** The select list for a table's columns under a prefix, e.g. `o.id AS "opd__id"`. */
export function prefixedColumns(ds: DataSource, target: EntityTarget<ObjectLiteral>, alias: string, prefix: string): string {
  return ds
    .getMetadata(target)
    .columns.map((c) => `${alias}.${c.databaseName} AS "${prefix}${c.databaseName}"`)
    .join(", ");
}

/**
 * The select list for the columns behind `fields` (GraphQL field names of the entity's type): the
 * `always` columns, each field's column or its `computed` columns; every column when a field is
 * neither or when `fields` is null.
 */
export function selectList(
  ds: DataSource,
  target: EntityTarget<ObjectLiteral>,
  alias: string,
  prefix: string,
  fields: ReadonlySet<string> | null,
  always: readonly string[],
  computed: Readonly<Record<string, readonly string[]>> = {},
): string {
  const meta = ds.getMetadata(target);
  const every = () => (prefix ? prefixedColumns(ds, target, alias, prefix) : `${alias}.*`);
  if (!fields) return every();
  const columns = new Set(always);
  for (const field of fields) {
    const column = meta.findColumnWithPropertyName(field);
    const needs = field === "__typename" ? [] : (computed[field] ?? (column ? [column.databaseName] : null));
    if (!needs) return every();
    for (const column of needs) columns.add(column);
  }
  return [...columns].map((column) => (prefix ? `${alias}.${column} AS "${prefix}${column}"` : `${alias}.${column}`)).join(", ");
}
