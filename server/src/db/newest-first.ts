import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { cursorPart, decodeCursor, encodeCursor, type Page } from "./cursor.js";
import { intInRange } from "../validate.js";

/** A page of rows newest first by (created_at, id), continued after a cursor: keyset paging, no OFFSET. */
export async function newestFirst<T extends ObjectLiteral & { createdAt: Date; id: string }>(
  q: SelectQueryBuilder<T>,
  first: number,
  after?: string | null,
): Promise<Page<T>> {
  const limit = intInRange("first", first, 1, 200);
  const alias = q.alias;
  if (after) {
    const [at, id] = decodeCursor<[string, string]>(after, [cursorPart.instant, cursorPart.uuid]);
    q.andWhere(`(${alias}.created_at, ${alias}.id) < (:afterAt::timestamptz, :afterId::uuid)`, { afterAt: at, afterId: id });
  }
  const rows = await q
    .orderBy(`${alias}.created_at`, "DESC")
    .addOrderBy(`${alias}.id`, "DESC")
    .take(limit + 1)
    .getMany();
  const nodes = rows.slice(0, limit);
  return { nodes, cursors: nodes.map((r) => encodeCursor(r.createdAt, r.id)), hasNextPage: rows.length > limit };
}
