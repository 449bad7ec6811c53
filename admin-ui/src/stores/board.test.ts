import { createPinia, setActivePinia } from "pinia";
import { beforeEach, describe, expect, it } from "vitest";
import type { Card } from "../board/model";
import type { Move } from "../board/rules";
import { GraphQLFailure, type DeskClient } from "../graphql/client";
import type { BoardQuery, CaseAction, Stage } from "../graphql/generated/graphql";
import { useBoard } from "./board";
import { useSession } from "./session";

function card(id: string, stage: Stage, over: Partial<Card> = {}): Card {
  return {
    id,
    trackingNumber: `ADU-2026-${id.padStart(6, "0")}`,
    title: `Kasus ${id}`,
    channel: "LAPOR",
    category: "Umum",
    stage,
    round: 1,
    version: 1,
    receivedAt: "2026-11-23T01:00:00.000Z",
    stageEnteredAt: "2026-11-23T01:00:00.000Z",
    stageWarnAt: "2026-11-23T02:30:00.000Z",
    stageDueAt: "2026-11-23T03:00:00.000Z",
    overdue: false,
    availableActions: [] as CaseAction[],
    opd: { id: "opd-1", code: "DISKOP", name: "Dinas Koperasi" },
    assignee: null,
    sla: null,
    ...over,
  };
}

const STAGES: Stage[] = ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION", "CLOSED"];

function boardOf(cards: Card[]): BoardQuery {
  return {
    board: {
      generatedAt: "2026-11-23T01:00:00.000Z",
      columns: STAGES.map((stage, i) => ({
        stage,
        stepNumber: stage === "CLOSED" ? null : i + 1,
        actingRole: null,
        timeStandard: null,
        count: cards.filter((c) => c.stage === stage).length,
        overdueCount: 0,
        cards: cards.filter((c) => c.stage === stage),
      })),
    },
  };
}

/** A stand-in for the network: answers the board query and a mutation the test decides. */
class ScriptedClient {
  pushes: ((data: unknown) => void)[] = [];
  mutations: { variables: Record<string, unknown> }[] = [];
  respond: (variables: Record<string, unknown>) => Promise<unknown> = () => Promise.reject(new Error("no answer"));
  constructor(public board: BoardQuery) {}
  query = async () => this.board;
  mutate = async (_doc: unknown, variables: Record<string, unknown>) => {
    this.mutations.push({ variables });
    return this.respond(variables);
  };
  subscribe = (_doc: unknown, _vars: unknown, onData: (data: unknown) => void) => {
    this.pushes.push(onData);
    return () => undefined;
  };
  push(c: Card) {
    for (const fn of this.pushes) fn({ caseChanged: { case: c } });
  }
}

const ACK: Move = { action: "ACKNOWLEDGE", to: "ANALYSIS", required: ["initialResponse", "reportMaterial"], optional: [], templates: [] };
const ids = (stage: Stage) => useBoard().model.order[stage];

describe("board store", () => {
  let client: ScriptedClient;
  beforeEach(async () => {
    setActivePinia(createPinia());
    client = new ScriptedClient(
      boardOf([
        card("1", "INITIAL_RESPONSE", { availableActions: ["ACKNOWLEDGE"], stageDueAt: "2026-11-23T03:00:00.000Z" }),
        card("2", "INITIAL_RESPONSE", { stageDueAt: "2026-11-23T02:00:00.000Z" }),
        card("3", "ANALYSIS"),
      ]),
    );
    await useBoard().start(client as unknown as DeskClient, "opd-1");
  });

  it("keeps the server's order and slots a live card in by urgency", () => {
    expect(ids("INITIAL_RESPONSE")).toEqual(["1", "2"]);
    client.push(card("4", "ANALYSIS", { stageDueAt: "2026-11-23T01:30:00.000Z" }));
    client.push(card("5", "ANALYSIS", { stageDueAt: "2026-11-23T09:00:00.000Z" }));
    expect(ids("ANALYSIS")).toEqual(["4", "3", "5"]);
  });

  it("moves the card at once and performs the action with the card's version", async () => {
    let answer!: (v: unknown) => void;
    client.respond = () => new Promise((resolve) => (answer = resolve));
    const done = useBoard().move("1", ACK, { initialResponse: "Diterima", reportMaterial: "Bahan" });
    expect(ids("ANALYSIS")).toContain("1");
    expect(ids("INITIAL_RESPONSE")).not.toContain("1");
    expect(client.mutations[0].variables).toMatchObject({ caseId: "1", expectedVersion: 1, initialResponse: "Diterima" });
    answer({ acknowledgeComplaint: card("1", "ANALYSIS", { version: 2 }) });
    await done;
    expect(useBoard().card("1")?.version).toBe(2);
    expect(useBoard().model.columns.find((c) => c.stage === "ANALYSIS")?.count).toBe(2);
  });

  it("puts the card back when the server refuses", async () => {
    client.respond = () => Promise.reject(new GraphQLFailure("INVALID_TRANSITION", "no"));
    await expect(useBoard().move("1", ACK, {})).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    expect(ids("INITIAL_RESPONSE")).toContain("1");
    expect(ids("ANALYSIS")).not.toContain("1");
    expect(useBoard().model.columns.find((c) => c.stage === "INITIAL_RESPONSE")?.count).toBe(2);
  });

  it("with Kasus saya, a card given to someone else leaves live and one given to the viewer arrives; Belum ditugaskan the other way", async () => {
    useSession().viewer = { id: "me", username: "rina", displayName: "Rina", role: "LIAISON", mustChangePassword: false, opd: null };
    const board = useBoard();
    board.filter.assignedToMe = true;
    await board.load();
    client.push(card("3", "ANALYSIS", { version: 2, assignee: { id: "other", username: "budi", displayName: "Budi" } }));
    expect(ids("ANALYSIS")).not.toContain("3");
    client.push(card("3", "ANALYSIS", { version: 3, assignee: { id: "me", username: "rina", displayName: "Rina" } }));
    expect(ids("ANALYSIS")).toContain("3");
    board.filter.assignedToMe = false;
    board.filter.unassigned = true;
    client.push(card("3", "ANALYSIS", { version: 4, assignee: { id: "me", username: "rina", displayName: "Rina" } }));
    expect(ids("ANALYSIS")).not.toContain("3");
  });

  it("takes another user's change live, and ignores a stale one", () => {
    client.push(card("3", "DELIVERY", { version: 3 }));
    expect(ids("DELIVERY")).toEqual(["3"]);
    client.push(card("3", "ANALYSIS", { version: 2 }));
    expect(ids("DELIVERY")).toEqual(["3"]);
    expect(ids("ANALYSIS")).toEqual([]);
  });

  it("drops a card that left the viewer's OPD", () => {
    client.push(card("2", "DISPOSITION", { version: 2, opd: null }));
    expect(useBoard().card("2")).toBeUndefined();
    expect(ids("INITIAL_RESPONSE")).toEqual(["1"]);
  });

  it("keeps a live card off a filtered board when it does not match", async () => {
    const board = useBoard();
    board.filter.channel = "WHATSAPP";
    await board.load();
    client.push(card("9", "ANALYSIS", { channel: "LAPOR" }));
    expect(board.card("9")).toBeUndefined();
    client.push(card("10", "ANALYSIS", { channel: "WHATSAPP" }));
    expect(board.card("10")).toBeDefined();
  });

  it("holds pushes for a card while its own move is in flight", async () => {
    let answer!: (v: unknown) => void;
    client.respond = () => new Promise((resolve) => (answer = resolve));
    const done = useBoard().move("1", ACK, {});
    client.push(card("1", "INITIAL_RESPONSE", { version: 1 }));
    expect(ids("ANALYSIS")).toContain("1");
    answer({ acknowledgeComplaint: card("1", "ANALYSIS", { version: 2 }) });
    await done;
    expect(ids("ANALYSIS")).toContain("1");
  });
});

describe("board store, decisions on an older version", () => {
  it("acts on the version the user saw, so another user's change in between is a conflict", async () => {
    setActivePinia(createPinia());
    const client = new ScriptedClient(boardOf([card("1", "INITIAL_RESPONSE", { availableActions: ["ACKNOWLEDGE"] })]));
    await useBoard().start(client as unknown as DeskClient, null);
    const changed = card("1", "INITIAL_RESPONSE", { version: 2, availableActions: ["ACKNOWLEDGE"] });
    client.board = boardOf([changed]);
    client.push(changed);
    client.respond = () => Promise.reject(new GraphQLFailure("VERSION_CONFLICT", "stale"));
    await expect(useBoard().move("1", ACK, {}, 1)).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
    expect(client.mutations[0].variables).toMatchObject({ expectedVersion: 1 });
    expect(useBoard().card("1")?.stage).toBe("INITIAL_RESPONSE");
    expect(useBoard().card("1")?.version).toBe(2);
  });
});
