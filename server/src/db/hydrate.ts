import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/** Turns a raw row (snake_case columns, optional prefix) into an entity, for hand-written SQL. */
export function hydrate<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, row: Record<string, unknown>, prefix = ""): T {
  const meta = ds.getMetadata(target);
  const entity = meta.create() as T;
  for (const col of meta.columns) {
    const value = row[prefix + col.databaseName];
    if (value !== undefined) (entity as Record<string, unknown>)[col.propertyName] = ds.driver.prepareHydratedValue(value, col);
  }
  return entity;
}

/** The select list for a table's columns under a prefix, e.g. `o.id AS "opd__id"`. */
export function prefixedColumns(ds: DataSource, target: EntityTarget<ObjectLiteral>, alias: string, prefix: string): string {
  return ds
    .getMetadata(target)
    .columns.map((c) => `${alias}.${c.databaseName} AS "${prefix}${c.databaseName}"`)
    .join(", ");
}
