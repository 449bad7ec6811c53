import { invalid } from "../errors.js";

/** One page of a keyset-paged list: its items, each item's cursor, and whether more follow. */
export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
}

/** An opaque keyset position: the sort key's parts, joined and base64url-encoded. */
export function encodeCursor(...parts: (string | Date)[]): string {
  return Buffer.from(parts.map((p) => (p instanceof Date ? p.toISOString() : p)).join("|")).toString("base64url");
}

/** The parts of a cursor made by encodeCursor, each checked by `check`; VALIDATION on `after` otherwise. */
export function decodeCursor<T extends unknown[]>(cursor: string, check: { [K in keyof T]: (part: string) => T[K] | null }): T {
  const parts = Buffer.from(cursor, "base64url").toString().split("|");
  if (parts.length !== check.length) throw invalid("after", "is not a cursor from this list");
  const values = parts.map((p, i) => check[i](p));
  if (values.some((v) => v === null)) throw invalid("after", "is not a cursor from this list");
  return values as T;
}

export const cursorPart = {
  instant: (p: string): string | null => (Number.isNaN(Date.parse(p)) ? null : new Date(p).toISOString()),
  uuid: (p: string): string | null => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p) ? p.toLowerCase() : null),
  serial: (p: string): string | null => (/^[1-9][0-9]{0,18}$/.test(p) ? p : null),
};
