import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, ok } from "../support/client.js";
import { caseAtInitialResponse } from "../support/cases.js";
import { Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { report } from "./support.js";

const CLIENTS = 100;
const ROUNDS = 20;

let ts: TestServer;
let city: City;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

const eventCount = async (id: string) =>
  Number((await ts.app.dataSource.query(`SELECT count(*) AS n FROM case_event WHERE case_id = $1`, [id]))[0].n);

describe("one card dragged by many at once", () => {
  it(`${CLIENTS} clients drag the same card at once, ${ROUNDS} rounds: one wins each round, every loser gets a typed conflict`, async () => {
    const atStep2 = await caseAtInitialResponse(ts.app.url, city);
    const acknowledged = await ok(
      ts.app.url,
      Q.acknowledge,
      { id: atStep2.id, v: atStep2.version, ir: "Diterima", rm: "Bahan" },
      city.tokens.adminA,
    );
    const id = atStep2.id;
    let version: number = acknowledged.acknowledgeComplaint.version;
    const before = await eventCount(id);
    let wins = 0;
    let losers = 0;
    let typed = 0;
    const untyped: string[] = [];
    const winsPerRound: number[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      // The card moves ANALYSIS → DELIVERY (the liaison answers) and back (the admin sends it back
      // for revision), staying in OPD A: every client drags it the same way, with the version it saw.
      const forward = round % 2 === 0;
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          forward
            ? gql(ts.app.url, Q.answer, { id, v: version, an: "Analisis", ans: `Jawaban ${i}`, who: "Kabid" }, city.tokens.liaisonA)
            : gql(ts.app.url, Q.sendBack, { id, v: version, reason: `Perbaiki (${i})` }, city.tokens.adminA),
        ),
      );
      const won = results.filter((r) => !r.errors && r.data);
      winsPerRound.push(won.length);
      wins += won.length;
      for (const r of results) {
        if (!r.errors) continue;
        losers++;
        const code = String(r.errors[0].extensions?.code);
        if (code === "VERSION_CONFLICT" || code === "INVALID_TRANSITION") typed++;
        else untyped.push(code);
      }
      const winner = won[0]?.data as Record<string, { version: number }> | undefined;
      if (!winner) break;
      version = (forward ? winner.submitAnswer : winner.sendBackForRevision).version;
    }

    const rows = (await ts.app.dataSource.query(`SELECT action, version FROM case_event WHERE case_id = $1 ORDER BY version`, [id])) as {
      action: string;
      version: number;
    }[];
    const finalCase = (await ts.app.dataSource.query(`SELECT version FROM complaint_case WHERE id = $1`, [id]))[0] as { version: number };
    // Every successful transition is one event, and nothing else is: the case's version counts them too.
    const transitions = rows.length - before;
    const lost = wins - transitions;
    const versionsInOrder = rows.every((r, i) => r.version === i + 1);
    report(
      `drag: ${CLIENTS} clients × ${ROUNDS} rounds; wins per round ${[...new Set(winsPerRound)].join("/")} (total ${wins}); ` +
        `conflicts: ${typed}/${losers} typed${untyped.length ? ` (untyped: ${[...new Set(untyped)].join(", ")})` : ""}; ` +
        `events ${rows.length} = ${before} before + ${transitions} transitions, case version ${finalCase.version}, lost: ${lost}`,
    );

    expect(winsPerRound).toEqual(Array(ROUNDS).fill(1));
    expect(losers).toBe(ROUNDS * (CLIENTS - 1));
    expect(untyped).toEqual([]);
    expect(typed).toBe(losers);
    expect(versionsInOrder).toBe(true);
    expect(transitions).toBe(wins);
    expect(finalCase.version).toBe(rows.length);
  });
});
