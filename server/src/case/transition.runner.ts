import { randomUUID } from "node:crypto";
import { canSeeCase, type Actor } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, forbidden, invalid, notFound, unauthenticated } from "../errors.js";
import type { Logger } from "../ops/logger.js";
import type { NotificationKind } from "../notify/outbox.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import type { CalendarService } from "../sop/calendar.service.js";
import { deadlines, earliestCloseAt } from "../sop/deadline.js";
import { Stage, stepOf } from "../sop/sop.definition.js";
import type { SopService } from "../sop/sop.service.js";
import { text, uuid } from "../validate.js";
import { accessCodeMatches } from "./access-code.js";
import { toSnapshot, type CaseChange } from "./case-change.js";
import { CaseEvent } from "./case-event.entity.js";
import { Case, copyOf } from "./case.entity.js";
import type { ComplainantRef } from "./case.inputs.js";
import type { CaseRepository, TransitionWrite } from "./case.repository.js";
import { assertTransition, CaseAction, TRANSITIONS, type Transition } from "./case.workflow.js";
import { KeptCases } from "./kept-cases.js";

export type Inputs = Record<string, string | number | null>;

/** The case an action is on: by id (staff, the system) or by tracking number and access code (the complainant). */
export interface Target {
  caseId?: string;
  complainant?: ComplainantRef;
  expectedVersion: number | null;
}

/** A new case as the intake decided it; the runner gives it its stage, deadlines and tracking number. */
export type NewCase = Pick<
  Case,
  | "accessCodeHash"
  | "title"
  | "description"
  | "category"
  | "location"
  | "channel"
  | "laporTrackingId"
  | "anonymous"
  | "confidential"
  | "complainantName"
  | "complainantContact"
  | "receivedAt"
>;

/** Actions a party outside the desk hears about through the webhooks. */
const NOTIFIED: Partial<Record<CaseAction, NotificationKind>> = {
  [CaseAction.FORWARD]: "FORWARD",
  [CaseAction.DELIVER_ANSWER]: "DELIVER_ANSWER",
  [CaseAction.AUTO_CLOSE]: "AUTO_CLOSE",
};

/**
 * Runs an SOP action: read the case, check scope, role, version, the transition table, the SOP's
 * requirements and timing; apply; then write it all as one statement guarded by the version read
 * (`CaseRepository.write`), and publish after it. Anything refused throws before a write; a case
 * that changed in between is a version conflict, or for the system a fresh attempt. A case this
 * replica wrote last, at the version the caller expects, is decided from memory (`KeptCases`) and
 * its write also guarded by the row's `xmin`: when that guard fails, or the decision from memory
 * is a refusal, the action is decided again from the database.
 */
export class TransitionRunner {
  private readonly kept = new KeptCases();

  constructor(
    private readonly cases: CaseRepository,
    private readonly sops: SopService,
    private readonly calendars: CalendarService,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** SUBMIT: a new case at the table's first stage, written by the same one statement as every other action; `decide` validates once the role may. */
  async create(actor: Actor, decide: () => { draft: NewCase; inputs: Inputs }): Promise<Case> {
    const row = assertTransition(null, CaseAction.SUBMIT, actor.role);
    const { draft, inputs } = decide();
    const now = this.clock.now();
    const sop = await this.sops.inForceAt(now);
    const due = deadlines(sop.definition, stepOf(sop.definition, row.to), draft.receivedAt, await this.calendars.forVersion(sop.version));
    const c = Object.assign(new Case(), {
      ...draft,
      id: randomUUID(),
      trackingNumber: "",
      opdId: null,
      opd: null,
      assigneeId: null,
      stage: row.to,
      round: 1,
      version: 1,
      sopVersion: sop.version,
      stageEnteredAt: draft.receivedAt,
      stageWarnAt: due.warnAt,
      stageDueAt: due.dueAt,
      closedAt: null,
    });
    const event = await this.write(
      {
        before: null,
        trackingPrefix: trackingPrefix(draft.receivedAt),
        stamp: null,
        after: c,
        done: null,
        opens: true,
        event: {
          at: now,
          actorId: actor.userId,
          actorName: actor.name,
          actorRole: actor.role,
          action: row.action,
          fromStage: null,
          inputs,
        },
        notifications: [],
      },
      [null],
    );
    if (!event) throw new Error(`the new case ${c.id} was not written`);
    return c;
  }

  async perform(
    actorOrNull: Actor | null,
    target: Target,
    action: CaseAction,
    apply: (c: Case) => Inputs | Promise<Inputs>,
  ): Promise<Case> {
    if (!actorOrNull) throw unauthenticated();
    const actor = actorOrNull;
    if (!TRANSITIONS.some((r) => r.action === action && r.roles.includes(actor.role))) {
      throw forbidden(`${actor.role} may not ${action}`);
    }
    const kept = await this.keptCase(target);
    if (kept) {
      try {
        if (!canSeeCase(actor, kept.case)) throw forbidden("This case belongs to another OPD");
        const done = await this.attempt(actor, target, action, apply, kept.case, kept.stamp);
        if (done) return done;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
      }
      this.kept.forget(kept.case.id);
    }
    for (let attempt = 1; ; attempt++) {
      const before = await this.read(actor, target);
      const done = await this.attempt(actor, target, action, apply, before, null);
      if (done) return done;
      if (target.expectedVersion !== null || attempt >= 3) throw versionConflict(await this.cases.version(before.id));
    }
  }

  /**
   * A change that is no SOP step (assignment): read, the version checked, `apply` decides, the
   * version bumped, the event appended and published, by the same one statement as an action.
   * The stage, its visit and its deadlines stay as they are.
   */
  async amend(actorOrNull: Actor | null, target: Target, action: CaseAction, apply: (c: Case) => Inputs | Promise<Inputs>): Promise<Case> {
    if (!actorOrNull) throw unauthenticated();
    const actor = actorOrNull;
    for (let attempt = 1; ; attempt++) {
      const before = await this.read(actor, target);
      if (target.expectedVersion !== null && before.version !== target.expectedVersion) throw versionConflict(before.version);
      const c = copyOf(before);
      const inputs = await apply(c);
      c.version += 1;
      const written = await this.write(
        {
          before,
          stamp: null,
          after: c,
          done: null,
          opens: false,
          event: {
            at: this.clock.now(),
            actorId: actor.userId,
            actorName: actor.name,
            actorRole: actor.role,
            action,
            fromStage: before.stage,
            inputs,
          },
          notifications: [],
        },
        [before.opdId],
      );
      if (written) return c;
      if (target.expectedVersion !== null || attempt >= 3) throw versionConflict(await this.cases.version(before.id));
    }
  }

  /** The case as this replica last wrote it, when the caller expects that version; with its OPD as it is now. */
  private async keptCase(target: Target): Promise<{ case: Case; stamp: string } | null> {
    if (!target.caseId || target.expectedVersion === null) return null;
    const kept = this.kept.get(uuid("caseId", target.caseId));
    if (!kept || kept.case.version !== target.expectedVersion) return null;
    const opd = kept.case.opdId ? await this.cases.opd(kept.case.opdId) : null;
    return { case: Object.assign(copyOf(kept.case), { opd }), stamp: kept.stamp };
  }

  /** One try at an action on the case as read (or kept, `stamp` its `xmin`); null when the case changed since, having written nothing. */
  private async attempt(
    actor: Actor,
    target: Target,
    action: CaseAction,
    apply: (c: Case) => Inputs | Promise<Inputs>,
    before: Case,
    stamp: string | null,
  ): Promise<Case | null> {
    if (target.expectedVersion !== null && before.version !== target.expectedVersion) throw versionConflict(before.version);
    const c = copyOf(before);
    const row = assertTransition(c.stage, action, actor.role);
    for (const need of row.caseRequires ?? []) {
      if (!c[need]) throw new DomainError(ErrorCode.INVALID_TRANSITION, `The case has no ${need} yet`, { missing: need });
    }
    const now = this.clock.now();
    await this.checkTiming(c, row, now);
    const inputs = await apply(c);
    for (const field of row.required) {
      if (inputs[field] == null || inputs[field] === "") throw invalid(field, "is required");
    }
    const calendar = await this.calendars.forVersion(c.sopVersion);
    const workingSeconds = Math.round(calendar.elapsedWorking(c.stageEnteredAt, now) / 1000);
    c.stage = row.to;
    c.version += 1;
    if (row.newRound) c.round += 1;
    c.stageEnteredAt = now;
    if (row.to === Stage.CLOSED) {
      c.stageWarnAt = null;
      c.stageDueAt = null;
      c.closedAt = now;
      c.closedByRole = actor.role;
    } else {
      const sop = await this.sops.get(c.sopVersion);
      const due = deadlines(sop, stepOf(sop, row.to), now, calendar);
      c.stageWarnAt = due.warnAt;
      c.stageDueAt = due.dueAt;
    }
    const kind = NOTIFIED[action];
    const written = await this.write(
      {
        before,
        stamp,
        after: c,
        done: { at: now, byId: actor.userId, byRole: actor.role, outcome: action, workingSeconds },
        opens: row.to !== Stage.CLOSED,
        event: { at: now, actorId: actor.userId, actorName: actor.name, actorRole: actor.role, action, fromStage: before.stage, inputs },
        notifications: kind
          ? [
              {
                kind,
                key: `${action}:${c.id}:${c.version}`,
                caseId: c.id,
                trackingNumber: c.trackingNumber,
                stage: c.stage,
                opd: c.opd && { code: c.opd.code, name: c.opd.name },
                at: now,
              },
            ]
          : [],
      },
      [before.opdId],
    );
    return written ? c : null;
  }

  /** The one write of every action, and what follows it: the case kept in memory, and published. */
  private async write(w: TransitionWrite, previousOpds: (string | null)[]): Promise<CaseEvent | null> {
    const c = w.after;
    const written = await this.cases.write(w);
    if (!written) {
      this.kept.forget(c.id);
      return null;
    }
    c.trackingNumber = written.trackingNumber;
    c.updatedAt = written.updatedAt;
    // A new case is not kept: most wait in the intake column far longer than the memory holds them.
    if (w.before === null) c.createdAt = written.createdAt;
    else this.kept.keep(copyOf(c), written.stamp);
    const event = Object.assign(new CaseEvent(), {
      id: written.eventId,
      caseId: c.id,
      ...w.event,
      toStage: c.stage,
      round: c.round,
      version: c.version,
    });
    this.publish(c, event, previousOpds);
    return event;
  }

  private async read(actor: Actor, target: Target): Promise<Case> {
    if (target.complainant) {
      const trackingNumber = text("trackingNumber", target.complainant.trackingNumber, 64).toUpperCase();
      const c = await this.cases.byTrackingNumber(trackingNumber);
      if (!c || !accessCodeMatches(target.complainant.accessCode ?? "", c.accessCodeHash)) {
        throw notFound("Case with this tracking number and access code");
      }
      return c;
    }
    const c = await this.cases.byId(uuid("caseId", target.caseId ?? ""));
    if (!c) throw notFound("Case");
    if (!canSeeCase(actor, c)) throw forbidden("This case belongs to another OPD");
    return c;
  }

  private async checkTiming(c: Case, row: Transition, now: Date): Promise<void> {
    if (!row.timing) return;
    const step = stepOf(await this.sops.get(c.sopVersion), c.stage);
    if (row.timing === "AFTER_MIN") {
      const earliest = earliestCloseAt(step, c.stageEnteredAt, await this.calendars.forVersion(c.sopVersion));
      if (now < earliest) {
        throw new DomainError(ErrorCode.TOO_EARLY, `May not be closed before ${earliest.toISOString()}`, {
          earliest: earliest.toISOString(),
        });
      }
    } else if (c.stageDueAt && now < c.stageDueAt) {
      throw new DomainError(ErrorCode.TOO_EARLY, `Not due before ${c.stageDueAt.toISOString()}`, {
        earliest: c.stageDueAt.toISOString(),
      });
    }
  }

  /** After commit: to the city scope, the case's OPD, and the OPD it just left. */
  private publish(c: Case, event: CaseEvent, previousOpds: (string | null)[]): void {
    const change: CaseChange = {
      caseId: c.id,
      action: event.action,
      fromStage: event.fromStage,
      toStage: event.toStage,
      version: c.version,
      at: event.at,
      actorRole: event.actorRole,
      case: toSnapshot(c),
    };
    const scopes = new Set([CITY_SCOPE, c.opdId, ...previousOpds].filter((s): s is string => Boolean(s)));
    try {
      this.bus.publish(Topic.CASE_CHANGED, [...scopes], change);
    } catch (e) {
      this.log.error({ err: e, caseId: c.id }, "publish failed");
    }
  }
}

/** ADU-<year in WITA>-: the tracking number before its sequence number; readable over the phone, unique, and no secret. */
function trackingPrefix(receivedAt: Date): string {
  const year = new Intl.DateTimeFormat("en", { timeZone: "Asia/Makassar", year: "numeric" }).format(receivedAt);
  return `ADU-${year}-`;
}

function versionConflict(current: number): DomainError {
  return new DomainError(ErrorCode.VERSION_CONFLICT, `The case changed (now version ${current}); reload and retry`, {
    currentVersion: current,
  });
}
