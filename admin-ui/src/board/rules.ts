import type { CaseAction, Role, SopQuery, Stage, TemplateUse } from "../graphql/generated/graphql";

export type Transition = SopQuery["sop"]["transitions"][number];

/** One step a viewer may take on a card: the action and the column it lands in. */
export interface Move {
  action: CaseAction;
  to: Stage;
  required: string[];
  optional: string[];
  /** The text inputs answer templates of a use may fill. */
  templates: { input: string; use: TemplateUse }[];
}

/**
 * The moves the viewer may make on a card: the server's `availableActions` for the card (role,
 * scope and timing already applied), placed on the board by the SOP's transition table.
 */
export function movesFor(card: { stage: Stage; availableActions: readonly CaseAction[] }, transitions: readonly Transition[]): Move[] {
  const moves: Move[] = [];
  for (const action of card.availableActions) {
    const row = transitions.find((t) => t.from === card.stage && t.action === action);
    if (row) moves.push({ action, to: row.to, required: row.required, optional: row.optional, templates: row.templates });
  }
  return moves;
}

/** The columns that light up while the card is dragged. */
export function legalTargets(moves: readonly Move[]): Set<Stage> {
  return new Set(moves.map((m) => m.to));
}

/** The moves that a drop on `target` may mean (Admin Instansi's reject and transfer both close). */
export function movesOnto(moves: readonly Move[], target: Stage): Move[] {
  return moves.filter((m) => m.to === target);
}

export function isDraggable(moves: readonly Move[]): boolean {
  return moves.length > 0;
}

/** The stage a role acts at, for the per-role home column. */
export function homeStage(role: Role, transitions: readonly Transition[]): Stage | null {
  return transitions.find((t) => t.from !== null && t.roles.includes(role))?.from ?? null;
}
