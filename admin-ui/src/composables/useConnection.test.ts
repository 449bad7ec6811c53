import { describe, expect, it } from "vitest";
import { useConnection, type ConnectionPage } from "./useConnection";

interface Row {
  id: string;
  n: number;
}

/** A server's newest-first list of `total` rows, paged by the index after which to continue. */
function server(total: number, pageSize: number) {
  let rows: Row[] = Array.from({ length: total }, (_, i) => ({ id: `r${total - i}`, n: 0 }));
  const asked: (string | null)[] = [];
  const fetchPage = async (after: string | null): Promise<ConnectionPage<Row>> => {
    asked.push(after);
    const start = after === null ? 0 : rows.findIndex((r) => r.id === after) + 1;
    const page = rows.slice(start, start + pageSize);
    return {
      edges: page.map((node) => ({ node })),
      pageInfo: { hasNextPage: start + pageSize < rows.length, endCursor: page.at(-1)?.id ?? null },
    };
  };
  return { fetchPage, asked, add: (row: Row) => (rows = [row, ...rows]) };
}

describe("a Relay connection read page by page", () => {
  it("loads the first page, then the next ones after each page's endCursor, until none follows", async () => {
    const s = server(5, 2);
    const c = useConnection(s.fetchPage, (r) => r.id);
    await c.reload();
    expect(c.items.value.map((r) => r.id)).toEqual(["r5", "r4"]);
    expect(c.hasNextPage.value).toBe(true);
    await c.more();
    await c.more();
    expect(c.items.value.map((r) => r.id)).toEqual(["r5", "r4", "r3", "r2", "r1"]);
    expect(c.hasNextPage.value).toBe(false);
    await c.more();
    expect(s.asked).toEqual([null, "r4", "r2"]);
    expect(c.loading.value).toBe(false);
  });

  it("does not show a row twice when one made meanwhile shifts the pages", async () => {
    const s = server(4, 2);
    const c = useConnection(s.fetchPage, (r) => r.id);
    await c.reload();
    const made = { id: "r9", n: 0 };
    s.add(made);
    c.upsert(made);
    await c.more();
    expect(c.items.value.map((r) => r.id)).toEqual(["r9", "r4", "r3", "r2", "r1"]);
  });

  it("puts a changed row in its place, and a new one first", async () => {
    const c = useConnection(server(3, 5).fetchPage, (r) => r.id);
    await c.reload();
    c.upsert({ id: "r2", n: 7 });
    c.upsert({ id: "r4", n: 1 });
    expect(c.items.value).toEqual([
      { id: "r4", n: 1 },
      { id: "r3", n: 0 },
      { id: "r2", n: 7 },
      { id: "r1", n: 0 },
    ]);
  });

  it("asks for one page at a time, and a reload wins over a page still on its way", async () => {
    const s = server(6, 2);
    const slow: ((page: ConnectionPage<Row>) => void)[] = [];
    const c = useConnection<Row>(
      (after) => (after === null ? s.fetchPage(null) : new Promise((resolve) => slow.push(resolve))),
      (r) => r.id,
    );
    await c.reload();
    const pending = c.more();
    expect(c.loading.value).toBe(true);
    await c.more();
    expect(slow).toHaveLength(1);
    await c.reload();
    slow[0]({ edges: [{ node: { id: "stale", n: 0 } }], pageInfo: { hasNextPage: false, endCursor: "stale" } });
    await pending;
    expect(c.items.value.map((r) => r.id)).toEqual(["r6", "r5"]);
    expect(c.hasNextPage.value).toBe(true);
    expect(c.loading.value).toBe(false);
  });

  it("leaves a failure to the caller and keeps what it showed", async () => {
    let fail = false;
    const s = server(3, 2);
    const c = useConnection<Row>((after) => (fail ? Promise.reject(new Error("offline")) : s.fetchPage(after)));
    await c.reload();
    fail = true;
    await expect(c.more()).rejects.toThrow("offline");
    expect(c.items.value.map((r) => r.id)).toEqual(["r3", "r2"]);
    expect(c.loading.value).toBe(false);
  });
});
