import { readFileSync } from "node:fs";
import { buildSchema, getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channel } from "../../server/src/case/case.entity.js";
import { toViewer } from "../../server/src/auth/auth.service.js";
import { User } from "../../server/src/auth/user.entity.js";
import { ok } from "../support/client.js";
import { complaint, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const BOARD = `query($f: CaseFilter, $n: Int) { board(filter: $f, perColumn: $n) {
  columns { stage stepNumber actingRole timeStandard count overdueCount
    cards { id trackingNumber title channel round version stageDueAt overdue availableActions opd { code name } complainant { name } visits { stage dueAt } } } } }`;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  const instansi = toViewer(await ts.app.dataSource.getRepository(User).findOneByOrFail({ username: "instansi" }));
  const cases = ts.app.services.cases;
  for (let i = 0; i < 260; i++) {
    const { case: c } = await cases.recordComplaint(instansi, {
      ...complaint({ title: i % 10 === 0 ? `Jalan rusak ${i}` : `Bantuan ${i}` }),
      channel: i % 2 ? Channel.LAPOR : Channel.WHATSAPP,
    });
    if (i % 4 !== 0)
      await cases.forward(instansi, { caseId: c.id, expectedVersion: c.version }, { opdId: i % 4 === 3 ? city.opdB.id : city.opdA.id });
  }
});
afterAll(() => ts?.stop());

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = ts.app.queries.count;
  const result = await fn();
  return { result, statements: ts.app.queries.count - before };
}

describe("board and lists", () => {
  it("a board of 250 cards costs a handful of statements, with visits and complainants on every card", async () => {
    await ok(ts.app.url, BOARD, { n: 5 }, city.tokens.instansi);
    const { result, statements } = await counted(() => ok(ts.app.url, BOARD, { n: 250 }, city.tokens.instansi));
    const cols = result.board.columns;
    expect(cols.map((c: any) => c.stage)).toEqual(["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION", "CLOSED"]);
    expect(cols.map((c: any) => c.count)).toEqual([65, 195, 0, 0, 0, 0]);
    expect(cols[1].cards).toHaveLength(195);
    expect(cols[0]).toMatchObject({ stepNumber: 1, actingRole: "ADMIN_INSTANSI", timeStandard: "24 Jam" });
    expect(cols[1].cards.every((c: any) => c.visits.length === 2 && c.complainant.name === "Siti Aminah")).toBe(true);
    // the board and the visits batch (the account is kept since the first request)
    expect(statements).toBeLessThanOrEqual(3);
    const cheaper = await counted(() => ok(ts.app.url, BOARD, { n: 5 }, city.tokens.instansi));
    expect(cheaper.statements).toBe(statements);
  });

  it("a card or list node reads only the columns its fields need, and shows the same values as one that asks for everything", async () => {
    const caseFields = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8")).getType(
      "Case",
    ) as GraphQLObjectType;
    const every = Object.values(caseFields.getFields())
      .map((f) => {
        const named = getNamedType(f.type);
        if (isLeafType(named)) return f.name;
        return `${f.name} { ${Object.values((named as GraphQLObjectType).getFields())
          .filter((g) => isLeafType(getNamedType(g.type)))
          .map((g) => g.name)
          .join(" ")} }`;
      })
      .join(" ");
    const card = `fragment Card on Case { id trackingNumber sla { state remainingSeconds dueAt warnAt } overdue complainant { name contact } availableActions opd { code } }`;
    const views = [
      {
        everything: `{ board(perColumn: 20) { columns { cards { ${every} } } } }`,
        narrow: `query { board(perColumn: 20) { columns { cards { ...Card ... on Case { due: stageDueAt } } } } } ${card}`,
        marker: "board_counts",
        cards: (data: any) => data.board.columns.flatMap((c: any) => c.cards),
      },
      {
        everything: `{ cases(first: 30) { edges { node { ${every} } } } }`,
        narrow: `query { cases(first: 30) { edges { node { ...Card ... on Case { due: stageDueAt } } } } } ${card}`,
        marker: "ORDER BY c.received_at DESC",
        cards: (data: any) => data.cases.edges.map((e: any) => e.node),
      },
    ];
    for (const view of views) {
      const full = view.cards(await ok(ts.app.url, view.everything, {}, city.tokens.instansi));
      const { result, statements } = await counted(() => ok(ts.app.url, view.narrow, {}, city.tokens.instansi));
      const read = ts.app.queries.recent.filter((q) => q.includes(view.marker)).at(-1)!;
      expect(read).not.toMatch(/c\.\*|description|access_code_hash|opd__created_at/);
      expect(statements).toBeLessThanOrEqual(view.marker === "board_counts" ? 2 : 3);
      expect(full.length).toBeGreaterThan(20);
      expect(full.every((c: any) => typeof c.description === "string" && c.sla.state)).toBe(true);
      expect(view.cards(result)).toEqual(
        full.map((c: any) => ({
          id: c.id,
          trackingNumber: c.trackingNumber,
          // The clock runs between the two reads: the narrow read's remaining time is at most 2 s less.
          sla: {
            state: c.sla.state,
            remainingSeconds: expect.toSatisfy((s: number) => s <= c.sla.remainingSeconds && s >= c.sla.remainingSeconds - 2),
            dueAt: c.sla.dueAt,
            warnAt: c.sla.warnAt,
          },
          overdue: c.overdue,
          complainant: c.complainant,
          availableActions: c.availableActions,
          opd: c.opd && { code: c.opd.code },
          due: c.stageDueAt,
        })),
      );
    }
  });

  it("each role sees its own scope: an OPD only its cases", async () => {
    const a = await ok(ts.app.url, BOARD, { n: 500 }, city.tokens.adminA);
    expect(a.board.columns[1].count).toBe(130);
    expect(a.board.columns[0].count).toBe(0);
    expect(a.board.columns[1].cards.every((c: any) => c.opd.code === "DISKOPUKMP")).toBe(true);
    expect(a.board.columns[1].cards[0].availableActions).toEqual(["ACKNOWLEDGE", "RETURN_TO_INSTANSI"]);
    const liaison = await ok(ts.app.url, BOARD, { n: 1 }, city.tokens.liaisonA);
    expect(liaison.board.columns[1].cards[0].availableActions).toEqual([]);
    const b = await ok(ts.app.url, BOARD, { n: 500 }, city.tokens.adminB);
    expect(b.board.columns[1].count).toBe(65);
  });

  it("filters: channel, text, OPD, overdue", async () => {
    const count = async (f: Record<string, unknown>) =>
      (await ok(ts.app.url, `query($f: CaseFilter) { cases(filter: $f, first: 1) { totalCount } }`, { f }, city.tokens.instansi)).cases
        .totalCount;
    expect(await count({})).toBe(260);
    expect(await count({ channel: "LAPOR" })).toBe(130);
    expect(await count({ text: "jalan rusak" })).toBe(26);
    expect(await count({ text: "100%_" })).toBe(0);
    expect(await count({ opdId: city.opdB.id })).toBe(65);
    expect(await count({ stages: ["DISPOSITION"] })).toBe(65);
    expect(await count({ overdue: true })).toBe(0);
    ts.clock.advanceHours(3);
    expect(await count({ overdue: true })).toBe(195);
    ts.clock.advanceHours(-3);
  });

  it("pages through every case exactly once with cursors, at a fixed statement cost per page", async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { result, statements } = await counted(() =>
        ok(
          ts.app.url,
          `query($a: String) { cases(first: 100, after: $a) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`,
          { a: after },
          city.tokens.instansi,
        ),
      );
      expect(statements).toBeLessThanOrEqual(3);
      for (const e of result.cases.edges) seen.add(e.node.id);
      pages++;
      if (!result.cases.pageInfo.hasNextPage) break;
      after = result.cases.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(260);
  });

  // Last in the file: it closes cases and moves due times behind the service's back.
  it("orders each column like the SOP board (running: due time, none last, then id; CLOSED: newest closed first, then id) and counts under filters", async () => {
    const ds = ts.app.dataSource;
    const disposition = (await ds.query(`SELECT id FROM complaint_case WHERE stage = 'DISPOSITION' ORDER BY id`)) as { id: string }[];
    const closedAt = ["2026-11-20T01:00:00Z", "2026-11-22T01:00:00Z", "2026-11-21T01:00:00Z"]; // ties, so the id decides
    for (const [i, { id }] of disposition.slice(0, 12).entries()) {
      await ds.query(`UPDATE complaint_case SET stage = 'CLOSED', closed_at = $2, closed_by_role = 'ADMIN_INSTANSI' WHERE id = $1`, [
        id,
        closedAt[i % 3],
      ]);
    }
    // Due times with ties, some past, some not, some none at all.
    await ds.query(
      `UPDATE complaint_case
          SET stage_due_at = CASE WHEN get_byte(uuid_send(id), 15) % 7 = 0 THEN NULL
                                  ELSE $1::timestamptz + (get_byte(uuid_send(id), 15) % 5 - 2.5) * interval '1 hour' END
        WHERE stage = 'INITIAL_RESPONSE'`,
      [ts.clock.now()],
    );
    type Row = { id: string; stage: string; stage_due_at: Date | null; closed_at: Date | null; opd_id: string | null; channel: string };
    const all = (await ds.query(`SELECT id, stage, stage_due_at, closed_at, opd_id, channel FROM complaint_case`)) as Row[];
    const time = (d: Date | null) => (d === null ? Infinity : new Date(d).getTime());
    const byBoardOrder = (a: Row, b: Row) =>
      (a.stage === "CLOSED" ? time(b.closed_at) - time(a.closed_at) : time(a.stage_due_at) - time(b.stage_due_at) || 0) ||
      (a.id < b.id ? -1 : 1);
    const expected = (rows: Row[], n: number) => {
      const now = ts.clock.now().getTime();
      return ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION", "CLOSED"].map((stage) => {
        const column = rows.filter((r) => r.stage === stage);
        return {
          stage,
          count: column.length,
          overdueCount: column.filter((r) => stage !== "CLOSED" && time(r.stage_due_at) < now).length,
          cards: column
            .sort(byBoardOrder)
            .slice(0, n)
            .map((r) => r.id),
        };
      });
    };
    const board = async (token: string, f: Record<string, unknown> | null, n: number) =>
      (
        await ok(
          ts.app.url,
          `query($f: CaseFilter, $n: Int) { board(filter: $f, perColumn: $n) { columns { stage count overdueCount cards { id } } } }`,
          { f, n },
          token,
        )
      ).board.columns.map((c: any) => ({ ...c, cards: c.cards.map((card: { id: string }) => card.id) }));

    expect(expected(all, 500).map((c) => c.count)).toEqual([53, 195, 0, 0, 0, 12]);
    expect(await board(city.tokens.instansi, null, 500)).toEqual(expected(all, 500));
    expect(await board(city.tokens.instansi, null, 5)).toEqual(expected(all, 5));
    const inOpdA = all.filter((r) => r.opd_id === city.opdA.id);
    expect(await board(city.tokens.adminA, null, 7)).toEqual(expected(inOpdA, 7));
    const whatsapp = all.filter((r) => r.channel === "WHATSAPP" && (r.stage === "CLOSED" || r.stage === "INITIAL_RESPONSE"));
    const filtered = expected(whatsapp, 4);
    expect(filtered[5].count).toBeGreaterThan(0);
    expect(await board(city.tokens.instansi, { stages: ["CLOSED", "INITIAL_RESPONSE"], channel: "WHATSAPP" }, 4)).toEqual(filtered);
    const overdue = expected(
      all.filter((r) => r.stage !== "CLOSED" && time(r.stage_due_at) < ts.clock.now().getTime()),
      3,
    );
    expect(overdue[1].count).toBeGreaterThan(0);
    expect(await board(city.tokens.instansi, { overdue: true }, 3)).toEqual(overdue);
  });
});
