import type { BoardQuery, CaseCardFragment, CaseFilter, Stage } from "../graphql/generated/graphql";

export type Card = CaseCardFragment;
export type ColumnMeta = Omit<BoardQuery["board"]["columns"][number], "cards">;

export interface BoardModel {
  columns: ColumnMeta[];
  /** Card ids per stage, in display order. */
  order: Record<string, string[]>;
  cards: Map<string, Card>;
}

export function emptyBoard(): BoardModel {
  return { columns: [], order: {}, cards: new Map() };
}

export function boardFromQuery(data: BoardQuery["board"]): BoardModel {
  const model = emptyBoard();
  for (const { cards, ...meta } of data.columns) {
    model.columns.push(meta);
    model.order[meta.stage] = cards.map((c) => c.id);
    for (const c of cards) model.cards.set(c.id, c);
  }
  return model;
}

/** Whether a card pushed live belongs on a board read with this filter (same rules as the server's); `me` is the viewer's account id. */
export function matchesFilter(card: Card, filter: CaseFilter, now: number, me: string | null = null): boolean {
  if (filter.assignedToMe && (!me || card.assignee?.id !== me)) return false;
  if (filter.unassigned && card.assignee) return false;
  if (filter.opdId && card.opd?.id !== filter.opdId) return false;
  if (filter.channel && card.channel !== filter.channel) return false;
  if (filter.stages?.length && !filter.stages.includes(card.stage)) return false;
  if (filter.overdue && !(card.stageDueAt && Date.parse(card.stageDueAt) <= now)) return false;
  if (filter.text) {
    const needle = filter.text.trim().toLowerCase();
    if (needle && !`${card.trackingNumber} ${card.title}`.toLowerCase().includes(needle)) return false;
  }
  return true;
}

function urgency(card: Card): number {
  return card.stageDueAt ? Date.parse(card.stageDueAt) : Number.POSITIVE_INFINITY;
}

function adjustCount(model: BoardModel, stage: Stage, delta: number, overdueDelta: number): void {
  const col = model.columns.find((c) => c.stage === stage);
  if (!col) return;
  col.count = Math.max(0, col.count + delta);
  col.overdueCount = Math.max(0, col.overdueCount + overdueDelta);
}

function removeFromColumn(model: BoardModel, card: Card): void {
  const ids = model.order[card.stage];
  const at = ids?.indexOf(card.id) ?? -1;
  if (at >= 0) ids!.splice(at, 1);
  adjustCount(model, card.stage, -1, card.overdue ? -1 : 0);
}

function insertIntoColumn(model: BoardModel, card: Card): void {
  const ids = (model.order[card.stage] ??= []);
  if (card.stage === "CLOSED") ids.unshift(card.id);
  else {
    const key = urgency(card);
    const at = ids.findIndex((id) => urgency(model.cards.get(id)!) > key);
    if (at < 0) ids.push(card.id);
    else ids.splice(at, 0, card.id);
  }
  adjustCount(model, card.stage, 1, card.overdue ? 1 : 0);
}

/**
 * Puts the newer of the held and the pushed version of a card on the board, in its stage's
 * column by urgency; a card that no longer matches the filter leaves. Stale pushes are ignored.
 */
export function upsertCard(model: BoardModel, card: Card, visible: boolean): "added" | "moved" | "updated" | "removed" | "ignored" {
  const held = model.cards.get(card.id);
  if (held && held.version > card.version) return "ignored";
  if (held) removeFromColumn(model, held);
  if (!visible) {
    model.cards.delete(card.id);
    return held ? "removed" : "ignored";
  }
  model.cards.set(card.id, card);
  insertIntoColumn(model, card);
  if (!held) return "added";
  return held.stage === card.stage ? "updated" : "moved";
}
