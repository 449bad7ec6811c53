import { DomainError, ErrorCode } from "../errors.js";
import { Role, Stage } from "../sop/sop.definition.js";

/** Every SOP action a case can undergo; one GraphQL mutation each (AUTO_CLOSE is SYSTEM's). ASSIGN and UNASSIGN are no SOP step: see `ASSIGNERS`. */
export enum CaseAction {
  SUBMIT = "SUBMIT",
  FORWARD = "FORWARD",
  REJECT = "REJECT",
  TRANSFER_OUT = "TRANSFER_OUT",
  ACKNOWLEDGE = "ACKNOWLEDGE",
  RETURN_TO_INSTANSI = "RETURN_TO_INSTANSI",
  SUBMIT_ANSWER = "SUBMIT_ANSWER",
  DELIVER_ANSWER = "DELIVER_ANSWER",
  SEND_BACK = "SEND_BACK",
  ACCEPT = "ACCEPT",
  REPLY = "REPLY",
  CLOSE = "CLOSE",
  AUTO_CLOSE = "AUTO_CLOSE",
  ASSIGN = "ASSIGN",
  UNASSIGN = "UNASSIGN",
}

/** The inputs an action may carry; `required` names which must be present and non-empty. */
export type ActionInput =
  | "opdId"
  | "opdName"
  | "note"
  | "reason"
  | "destination"
  | "initialResponse"
  | "reportMaterial"
  | "analysis"
  | "answer"
  | "consulted"
  | "reply"
  | "rating"
  | "comment";

/** What an answer template is for: the staff actions whose text a template may fill, one input each (`templates` below). */
export enum TemplateUse {
  INITIAL_RESPONSE = "INITIAL_RESPONSE",
  ANSWER = "ANSWER",
  DELIVERED_ANSWER = "DELIVERED_ANSWER",
  REJECTION = "REJECTION",
  CLOSING = "CLOSING",
}

/** What the case must already hold (the SOP's Kelengkapan) before the action is possible. */
export type CaseRequirement = "reportMaterial" | "answer";

export interface Transition {
  from: Stage | null;
  action: CaseAction;
  to: Stage;
  roles: readonly Role[];
  required: readonly ActionInput[];
  optional: readonly ActionInput[];
  /** Inputs the complainant may read on the public timeline. */
  publicInputs: readonly ActionInput[];
  caseRequires?: readonly CaseRequirement[];
  /** AFTER_MIN: not before the step's minimum window; AFTER_DUE: only once the step is due. */
  timing?: "AFTER_MIN" | "AFTER_DUE";
  /** The complainant's reply starts a new round of steps 2 to 5. */
  newRound?: boolean;
  /** Kept off the complainant's public timeline. */
  internal?: boolean;
  /** The text inputs an answer template of that use may fill in the step's dialog. */
  templates?: Partial<Record<ActionInput, TemplateUse>>;
}

const t = (row: Partial<Transition> & Pick<Transition, "from" | "action" | "to" | "roles">): Transition => ({
  required: [],
  optional: [],
  publicInputs: [],
  ...row,
});

/** The SOP's transitions (docs/sop-workflow.md, "Transitions"): nothing else is allowed. */
export const TRANSITIONS: readonly Transition[] = [
  t({ from: null, action: CaseAction.SUBMIT, to: Stage.DISPOSITION, roles: [Role.COMPLAINANT, Role.ADMIN_INSTANSI] }),
  t({
    from: Stage.DISPOSITION,
    action: CaseAction.FORWARD,
    to: Stage.INITIAL_RESPONSE,
    roles: [Role.ADMIN_INSTANSI],
    required: ["opdId"],
    optional: ["note"],
    publicInputs: ["opdName"],
  }),
  t({
    from: Stage.DISPOSITION,
    action: CaseAction.REJECT,
    to: Stage.CLOSED,
    roles: [Role.ADMIN_INSTANSI],
    required: ["reason"],
    publicInputs: ["reason"],
    templates: { reason: TemplateUse.REJECTION },
  }),
  t({
    from: Stage.DISPOSITION,
    action: CaseAction.TRANSFER_OUT,
    to: Stage.CLOSED,
    roles: [Role.ADMIN_INSTANSI],
    required: ["reason", "destination"],
    publicInputs: ["reason", "destination"],
  }),
  t({
    from: Stage.INITIAL_RESPONSE,
    action: CaseAction.ACKNOWLEDGE,
    to: Stage.ANALYSIS,
    roles: [Role.ADMIN_OPD],
    required: ["initialResponse", "reportMaterial"],
    publicInputs: ["initialResponse"],
    templates: { initialResponse: TemplateUse.INITIAL_RESPONSE },
  }),
  t({
    from: Stage.INITIAL_RESPONSE,
    action: CaseAction.RETURN_TO_INSTANSI,
    to: Stage.DISPOSITION,
    roles: [Role.ADMIN_OPD],
    required: ["reason"],
    internal: true,
  }),
  t({
    from: Stage.ANALYSIS,
    action: CaseAction.SUBMIT_ANSWER,
    to: Stage.DELIVERY,
    roles: [Role.LIAISON],
    required: ["analysis", "answer", "consulted"],
    caseRequires: ["reportMaterial"],
    internal: true,
    templates: { answer: TemplateUse.ANSWER },
  }),
  t({
    from: Stage.DELIVERY,
    action: CaseAction.DELIVER_ANSWER,
    to: Stage.CONFIRMATION,
    roles: [Role.ADMIN_OPD],
    optional: ["answer"],
    publicInputs: ["answer"],
    caseRequires: ["answer"],
    templates: { answer: TemplateUse.DELIVERED_ANSWER },
  }),
  t({
    from: Stage.DELIVERY,
    action: CaseAction.SEND_BACK,
    to: Stage.ANALYSIS,
    roles: [Role.ADMIN_OPD],
    required: ["reason"],
    caseRequires: ["answer"],
    internal: true,
  }),
  t({
    from: Stage.CONFIRMATION,
    action: CaseAction.ACCEPT,
    to: Stage.CLOSED,
    roles: [Role.COMPLAINANT],
    optional: ["rating", "comment"],
    publicInputs: ["rating", "comment"],
    caseRequires: ["answer"],
  }),
  t({
    from: Stage.CONFIRMATION,
    action: CaseAction.REPLY,
    to: Stage.INITIAL_RESPONSE,
    roles: [Role.COMPLAINANT],
    required: ["reply"],
    publicInputs: ["reply"],
    caseRequires: ["answer"],
    newRound: true,
  }),
  t({
    from: Stage.CONFIRMATION,
    action: CaseAction.CLOSE,
    to: Stage.CLOSED,
    roles: [Role.ADMIN_OPD],
    required: ["reason"],
    publicInputs: ["reason"],
    caseRequires: ["answer"],
    timing: "AFTER_MIN",
    templates: { reason: TemplateUse.CLOSING },
  }),
  t({
    from: Stage.CONFIRMATION,
    action: CaseAction.AUTO_CLOSE,
    to: Stage.CLOSED,
    roles: [Role.SYSTEM],
    caseRequires: ["answer"],
    timing: "AFTER_DUE",
  }),
];

/**
 * Who may give a case to a person of its OPD (or take it back), at which stage: the Admin OPD while
 * the OPD holds the case, the liaison at step 3. No stage change and no clock: only the version moves.
 * Not in `TRANSITIONS`, so never on the complainant's timeline.
 */
export const ASSIGNERS: Readonly<Partial<Record<Stage, readonly Role[]>>> = {
  [Stage.INITIAL_RESPONSE]: [Role.ADMIN_OPD],
  [Stage.ANALYSIS]: [Role.ADMIN_OPD, Role.LIAISON],
  [Stage.DELIVERY]: [Role.ADMIN_OPD],
  [Stage.CONFIRMATION]: [Role.ADMIN_OPD],
};

/** Every role that assigns at some stage. */
export const ASSIGNER_ROLES: readonly Role[] = [...new Set(Object.values(ASSIGNERS).flat())];

/** The roles a case may be assigned to: the liaison who analyses it, the officer consulted. */
export const ASSIGNABLE_ROLES: readonly Role[] = [Role.LIAISON, Role.OFFICER];

/** INVALID_TRANSITION when nobody assigns at the stage (step 1, closed), FORBIDDEN when this role does not. */
export function assertAssigner(stage: Stage, role: Role): void {
  const roles = ASSIGNERS[stage];
  if (!roles) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `A case at stage ${stage} is not assigned`, { stage, action: CaseAction.ASSIGN });
  }
  if (!roles.includes(role)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Assigning at stage ${stage} is for ${roles.join(", ")}`, { stage, role });
  }
}

export function mayAssign(stage: Stage, role: Role): boolean {
  return ASSIGNERS[stage]?.includes(role) ?? false;
}

export function findTransition(from: Stage | null, action: CaseAction): Transition | undefined {
  return TRANSITIONS.find((row) => row.from === from && row.action === action);
}

/** The table's verdict: the row, or INVALID_TRANSITION (no such row) or FORBIDDEN (wrong role). */
export function assertTransition(from: Stage | null, action: CaseAction, role: Role): Transition {
  const row = findTransition(from, action);
  if (!row) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `${action} is not possible at stage ${from ?? "(new)"}`, {
      stage: from,
      action,
    });
  }
  if (!row.roles.includes(role)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `${action} at stage ${from ?? "(new)"} is for ${row.roles.join(", ")}`, {
      stage: from,
      action,
      role,
    });
  }
  return row;
}

/** The event as the complainant may read it, or null when it is internal. */
export function publicInputsOf(from: Stage | null, action: CaseAction, inputs: Record<string, unknown>): Record<string, unknown> | null {
  const row = findTransition(from, action);
  if (!row || row.internal) return null;
  return Object.fromEntries(row.publicInputs.filter((k) => inputs[k] != null).map((k) => [k, inputs[k]]));
}

/** Actions a role could take at a stage; the console uses it to light up legal targets. */
export function actionsFor(stage: Stage, role: Role): Transition[] {
  return TRANSITIONS.filter((row) => row.from === stage && row.roles.includes(role));
}
