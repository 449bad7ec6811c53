import { defineStore } from "pinia";
import { reactive, ref } from "vue";
import { boardFromQuery, emptyBoard, matchesFilter, upsertCard, type Card } from "../board/model";
import { movesFor, type Move } from "../board/rules";
import type { DeskClient, GraphQLFailure } from "../graphql/client";
import {
  AcknowledgeComplaintDocument,
  BoardDocument,
  CaseChangedDocument,
  CloseCaseDocument,
  DeliverAnswerDocument,
  ForwardToOpdDocument,
  RejectComplaintDocument,
  ReturnToInstansiDocument,
  SendBackForRevisionDocument,
  SubmitAnswerDocument,
  TransferOutDocument,
  type CaseAction,
  type CaseCardFragment,
  type CaseFilter,
  type Stage,
} from "../graphql/generated/graphql";
import { useSession } from "./session";
import { useSopStore } from "./sop";

export const PER_COLUMN = 500;

export type ActionInputs = Record<string, string>;

/** Runs one SOP action as its own mutation, with the card's version. */
export async function performAction(
  client: DeskClient,
  action: CaseAction,
  card: Pick<Card, "id" | "version">,
  inputs: ActionInputs,
): Promise<CaseCardFragment> {
  const base = { caseId: card.id, expectedVersion: card.version };
  const text = (k: string) => inputs[k] ?? "";
  const optional = (k: string) => (inputs[k]?.trim() ? inputs[k] : null);
  switch (action) {
    case "FORWARD":
      return (await client.mutate(ForwardToOpdDocument, { ...base, opdId: text("opdId"), note: optional("note") })).forwardToOpd;
    case "REJECT":
      return (await client.mutate(RejectComplaintDocument, { ...base, reason: text("reason") })).rejectComplaint;
    case "TRANSFER_OUT":
      return (await client.mutate(TransferOutDocument, { ...base, reason: text("reason"), destination: text("destination") })).transferOut;
    case "ACKNOWLEDGE":
      return (
        await client.mutate(AcknowledgeComplaintDocument, {
          ...base,
          initialResponse: text("initialResponse"),
          reportMaterial: text("reportMaterial"),
        })
      ).acknowledgeComplaint;
    case "RETURN_TO_INSTANSI":
      return (await client.mutate(ReturnToInstansiDocument, { ...base, reason: text("reason") })).returnToInstansi;
    case "SUBMIT_ANSWER":
      return (
        await client.mutate(SubmitAnswerDocument, {
          ...base,
          analysis: text("analysis"),
          answer: text("answer"),
          consulted: text("consulted"),
        })
      ).submitAnswer;
    case "DELIVER_ANSWER":
      return (await client.mutate(DeliverAnswerDocument, { ...base, answer: optional("answer") })).deliverAnswer;
    case "SEND_BACK":
      return (await client.mutate(SendBackForRevisionDocument, { ...base, reason: text("reason") })).sendBackForRevision;
    case "CLOSE":
      return (await client.mutate(CloseCaseDocument, { ...base, reason: text("reason") })).closeCase;
    default:
      throw new Error(`${action} is not a staff action on the board`);
  }
}

/** The live board: read once, then kept by `caseChanged`; moves are shown at once and undone on refusal. */
export const useBoard = defineStore("board", () => {
  const model = reactive(emptyBoard());
  const filter = reactive<CaseFilter>({});
  const loading = ref(false);
  const loadedAt = ref<string | null>(null);
  const pending = reactive(new Set<string>());
  const scopeOpdId = ref<string | null>(null);
  let client: DeskClient | null = null;
  let stopLive: (() => void) | null = null;
  let generation = 0;

  function activeFilter(): CaseFilter {
    const f: CaseFilter = {};
    if (filter.opdId) f.opdId = filter.opdId;
    if (filter.channel) f.channel = filter.channel;
    if (filter.overdue) f.overdue = true;
    if (filter.assignedToMe) f.assignedToMe = true;
    else if (filter.unassigned) f.unassigned = true;
    if (filter.text?.trim()) f.text = filter.text.trim();
    return f;
  }

  async function load() {
    if (!client) return;
    const mine = ++generation;
    loading.value = true;
    try {
      const data = await client.query(BoardDocument, { perColumn: PER_COLUMN, filter: activeFilter() });
      if (mine !== generation) return;
      Object.assign(model, boardFromQuery(data.board));
      loadedAt.value = data.board.generatedAt;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function visible(card: Card): boolean {
    if (scopeOpdId.value && card.opd?.id !== scopeOpdId.value) return false;
    return matchesFilter(card, activeFilter(), Date.now(), useSession().viewer?.id ?? null);
  }

  function receive(card: Card) {
    if (pending.has(card.id)) return;
    upsertCard(model, card, visible(card));
  }

  /** Starts the board for a viewer: `scopeOpdId` for OPD roles, whose cases leave when the OPD changes. */
  async function start(c: DeskClient, opdScope: string | null) {
    stop();
    client = c;
    scopeOpdId.value = opdScope;
    stopLive = c.subscribe(CaseChangedDocument, {}, (data) => receive(data.caseChanged.case));
    await load();
  }

  function stop() {
    stopLive?.();
    stopLive = null;
  }

  function card(id: string): Card | undefined {
    return model.cards.get(id);
  }

  function moves(c: Card): Move[] {
    const sop = useSopStore().sop;
    return sop ? movesFor(c, sop.transitions) : [];
  }

  /**
   * Moves the card at once and performs the action against the version the user decided on
   * (`seenVersion`); on refusal the card goes back (or to the newer version another user's change
   * brought meanwhile) and the failure is rethrown.
   */
  async function move(id: string, m: Move, inputs: ActionInputs, seenVersion?: number): Promise<Card> {
    if (!client) throw new Error("board not started");
    const before = model.cards.get(id);
    if (!before) throw new Error(`card ${id} is not on the board`);
    upsertCard(model, { ...before, stage: m.to as Stage, availableActions: [] }, true);
    pending.add(id);
    try {
      const after = await performAction(client, m.action, { id, version: seenVersion ?? before.version }, inputs);
      pending.delete(id);
      upsertCard(model, after, visible(after));
      return after;
    } catch (e) {
      pending.delete(id);
      const shown = model.cards.get(id);
      if (shown && shown.version === before.version) upsertCard(model, before, true);
      if ((e as GraphQLFailure).code === "VERSION_CONFLICT") void load();
      throw e;
    }
  }

  function clearFilter() {
    for (const key of Object.keys(filter) as (keyof CaseFilter)[]) delete filter[key];
  }

  return { model, filter, loading, loadedAt, pending, start, stop, load, receive, card, moves, move, clearFilter };
});
