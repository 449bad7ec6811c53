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
    if (i % 4 !== 0) await cases.forward(instansi, { caseId: c.id, expectedVersion: c.version }, { opdId: i % 4 === 3 ? city.opdB.id : city.opdA.id });
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
    const { result, statements } = await counted(() => ok(ts.app.url, BOARD, { n: 250 }, city.tokens.instansi));
    const cols = result.board.columns;
    expect(cols.map((c: any) => c.stage)).toEqual(["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION", "CLOSED"]);
    expect(cols.map((c: any) => c.count)).toEqual([65, 195, 0, 0, 0, 0]);
    expect(cols[1].cards).toHaveLength(195);
    expect(cols[0]).toMatchObject({ stepNumber: 1, actingRole: "ADMIN_INSTANSI", timeStandard: "24 Jam" });
    expect(cols[1].cards.every((c: any) => c.visits.length === 2 && c.complainant.name === "Siti Aminah")).toBe(true);
    // sign-in check, the board, the visits batch
    expect(statements).toBeLessThanOrEqual(3);
    const cheaper = await counted(() => ok(ts.app.url, BOARD, { n: 5 }, city.tokens.instansi));
    expect(cheaper.statements).toBe(statements);
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
      (await ok(ts.app.url, `query($f: CaseFilter) { cases(filter: $f, first: 1) { totalCount } }`, { f }, city.tokens.instansi)).cases.totalCount;
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
        ok(ts.app.url, `query($a: String) { cases(first: 100, after: $a) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }`, { a: after }, city.tokens.instansi),
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
});
