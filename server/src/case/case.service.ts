import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { IdentityCache } from "../auth/identity-cache.js";
import { Opd } from "../auth/opd.entity.js";
import { canSeeCase, COMPLAINANT_ACTOR, SYSTEM_ACTOR, type Actor, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { hydrate, queryOne } from "../db/hydrate.js";
import { preparedQuery } from "../db/prepared.js";
import { caseWithOpdSql } from "./case.queries.js";
import { DomainError, ErrorCode, forbidden, invalid, notFound, unauthenticated } from "../errors.js";
import type { NotificationKind, OutboxWriter } from "../notify/outbox.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import type { CalendarService } from "../sop/calendar.service.js";
import { deadlines, earliestCloseAt } from "../sop/deadline.js";
import { Stage, stepOf } from "../sop/sop.definition.js";
import type { SopService } from "../sop/sop.service.js";
import { intInRange, MAX, optionalText, text, uuid } from "../validate.js";
import { accessCodeMatches, hashAccessCode, newAccessCode } from "./access-code.js";
import { CaseEvent } from "./case-event.entity.js";
import { Case, Channel, copyOf } from "./case.entity.js";
import type { CaseRef, ComplainantRef, RecordComplaintInput, SubmitComplaintInput } from "./case.inputs.js";
import { assertTransition, CaseAction, TRANSITIONS, type Transition } from "./case.workflow.js";
import { StageVisit } from "./stage-visit.entity.js";
import { toSnapshot, type CaseChange } from "./case-change.js";
import { KeptCases, type KeptCase } from "./kept-cases.js";
import { writeTransition } from "./transition-write.js";

type Inputs = Record<string, string | number | null>;

/** Actions a party outside the desk hears about through the webhooks. */
const NOTIFIED: Partial<Record<CaseAction, NotificationKind>> = {
  [CaseAction.FORWARD]: "FORWARD",
  [CaseAction.DELIVER_ANSWER]: "DELIVER_ANSWER",
  [CaseAction.AUTO_CLOSE]: "AUTO_CLOSE",
};

/** The API token a civic app submitted a complaint with. */
export interface SubmittingApp {
  id: string;
  label: string;
}

interface Target {
  caseId?: string;
  complainant?: ComplainantRef;
  expectedVersion: number | null;
}

/** One method per SOP action; each runs in one transaction and publishes after commit. */
export class CaseService {
  constructor(
    private readonly ds: DataSource,
    private readonly sops: SopService,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly outbox: OutboxWriter,
    private readonly identities: IdentityCache,
  ) {}

  private readonly kept = new KeptCases();

  /** The complainant's own submission: on the portal, or through a civic app (Open311) whose API token is recorded on the SUBMIT event. */
  submitComplaint(input: SubmitComplaintInput, app: SubmittingApp | null = null): Promise<{ case: Case; accessCode: string }> {
    return this.create(COMPLAINANT_ACTOR, { ...input, channel: app ? Channel.OPEN311 : Channel.PORTAL, app });
  }

  recordComplaint(viewer: StaffViewer | null, input: RecordComplaintInput): Promise<{ case: Case; accessCode: string }> {
    if (!viewer) throw unauthenticated();
    if (input.channel === Channel.PORTAL || input.channel === Channel.OPEN311) {
      throw invalid("channel", `${input.channel} is for complaints the complainant submits`);
    }
    return this.create(viewer, input);
  }

  forward(viewer: StaffViewer | null, ref: CaseRef, input: { opdId: string; note?: string | null }): Promise<Case> {
    const opdId = uuid("opdId", input.opdId);
    const note = optionalText("note", input.note, MAX.reason);
    return this.perform(viewer, staffTarget(ref), CaseAction.FORWARD, async (c) => {
      const opd = await this.opdById(opdId);
      if (!opd) throw new DomainError(ErrorCode.NOT_FOUND, "OPD not found", { field: "opdId" });
      if (!opd.active) throw invalid("opdId", "this OPD is inactive");
      c.opdId = opd.id;
      c.opd = opd;
      return { opdId: opd.id, opdName: opd.name, note };
    });
  }

  reject(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.perform(viewer, staffTarget(ref), CaseAction.REJECT, (c) => {
      c.closingReason = reason;
      return { reason };
    });
  }

  transferOut(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string; destination: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    const destination = text("destination", input.destination, MAX.short);
    return this.perform(viewer, staffTarget(ref), CaseAction.TRANSFER_OUT, (c) => {
      c.closingReason = reason;
      c.destination = destination;
      return { reason, destination };
    });
  }

  acknowledge(
    viewer: StaffViewer | null,
    ref: CaseRef,
    input: { initialResponse: string; reportMaterial: string },
  ): Promise<Case> {
    const initialResponse = text("initialResponse", input.initialResponse, MAX.long);
    const reportMaterial = text("reportMaterial", input.reportMaterial, MAX.long);
    return this.perform(viewer, staffTarget(ref), CaseAction.ACKNOWLEDGE, (c) => {
      c.initialResponse = initialResponse;
      c.reportMaterial = reportMaterial;
      return { initialResponse, reportMaterial };
    });
  }

  returnToInstansi(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.perform(viewer, staffTarget(ref), CaseAction.RETURN_TO_INSTANSI, (c) => {
      const fromOpd = c.opdId;
      c.opdId = null;
      c.opd = null;
      return { reason, fromOpdId: fromOpd };
    });
  }

  submitAnswer(
    viewer: StaffViewer | null,
    ref: CaseRef,
    input: { analysis: string; answer: string; consulted: string },
  ): Promise<Case> {
    const analysis = text("analysis", input.analysis, MAX.long);
    const answer = text("answer", input.answer, MAX.long);
    const consulted = text("consulted", input.consulted, MAX.short);
    return this.perform(viewer, staffTarget(ref), CaseAction.SUBMIT_ANSWER, (c) => {
      c.analysis = analysis;
      c.answer = answer;
      c.consulted = consulted;
      return { analysis, answer, consulted };
    });
  }

  deliverAnswer(viewer: StaffViewer | null, ref: CaseRef, input: { answer?: string | null }): Promise<Case> {
    const edited = optionalText("answer", input.answer, MAX.long);
    return this.perform(viewer, staffTarget(ref), CaseAction.DELIVER_ANSWER, (c) => {
      if (edited) c.answer = edited;
      return { answer: c.answer, edited: edited !== null ? "yes" : "no" };
    });
  }

  sendBack(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.perform(viewer, staffTarget(ref), CaseAction.SEND_BACK, () => ({ reason }));
  }

  accept(ref: ComplainantRef, input: { rating?: number | null; comment?: string | null }): Promise<Case> {
    const rating = input.rating == null ? null : intInRange("rating", input.rating, 1, 5);
    const comment = optionalText("comment", input.comment, MAX.reason);
    return this.perform(COMPLAINANT_ACTOR, complainantTarget(ref), CaseAction.ACCEPT, (c) => {
      c.rating = rating;
      c.ratingComment = comment;
      return { rating, comment };
    });
  }

  reply(ref: ComplainantRef, input: { reply: string }): Promise<Case> {
    const reply = text("reply", input.reply, MAX.long);
    return this.perform(COMPLAINANT_ACTOR, complainantTarget(ref), CaseAction.REPLY, (c) => {
      c.initialResponse = null;
      c.reportMaterial = null;
      c.analysis = null;
      c.answer = null;
      c.consulted = null;
      return { reply };
    });
  }

  close(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.perform(viewer, staffTarget(ref), CaseAction.CLOSE, (c) => {
      c.closingReason = reason;
      return { reason };
    });
  }

  /** The system's close of a case whose complainant stayed silent past step 5's time standard. */
  autoClose(caseId: string): Promise<Case> {
    return this.perform(SYSTEM_ACTOR, { caseId, expectedVersion: null }, CaseAction.AUTO_CLOSE, (c) => {
      c.closingReason = "Ditutup otomatis: tidak ada tanggapan dari pengadu dalam batas waktu";
      return {};
    });
  }

  private async create(
    actor: Actor,
    input: SubmitComplaintInput & { channel: Channel; laporTrackingId?: string | null; receivedAt?: Date | null; app?: SubmittingApp | null },
  ): Promise<{ case: Case; accessCode: string }> {
    const row = assertTransition(null, CaseAction.SUBMIT, actor.role);
    const title = text("title", input.title, MAX.short);
    const description = text("description", input.description, MAX.long);
    const category = optionalText("category", input.category, 100) ?? "Umum";
    const location = optionalText("location", input.location, 300);
    const laporTrackingId = optionalText("laporTrackingId", input.laporTrackingId, 64);
    if (laporTrackingId && input.channel !== Channel.LAPOR) throw invalid("laporTrackingId", "only for the LAPOR channel");
    const anonymous = input.anonymous;
    const confidential = input.confidential ?? false;
    let complainantName: string | null = null;
    let complainantContact: string | null = null;
    if (anonymous) {
      if (confidential) throw invalid("confidential", "an anonymous complaint has no identity to keep confidential");
      if ((input.complainantName ?? "").trim() || (input.complainantContact ?? "").trim()) {
        throw invalid("complainantName", "an anonymous complaint records no identity");
      }
    } else {
      complainantName = text("complainantName", input.complainantName, MAX.short);
      complainantContact = optionalText("complainantContact", input.complainantContact, MAX.short);
    }
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime()) {
      throw invalid("receivedAt", "must not be in the future");
    }
    const accessCode = newAccessCode();
    const saved = await this.ds.transaction(async (tx) => {
      const sop = this.sops.current();
      const due = deadlines(sop.definition, stepOf(sop.definition, row.to), receivedAt, await this.calendars.forVersion(sop.version, tx));
      const [{ seq }] = (await tx.query(`SELECT nextval('complaint_tracking_seq') AS seq`)) as { seq: string }[];
      const c = tx.getRepository(Case).create({
        id: randomUUID(),
        trackingNumber: trackingNumber(receivedAt, Number(seq)),
        accessCodeHash: hashAccessCode(accessCode),
        title,
        description,
        category,
        location,
        channel: input.channel,
        laporTrackingId,
        anonymous,
        confidential,
        complainantName,
        complainantContact,
        opdId: null,
        stage: row.to,
        round: 1,
        version: 1,
        sopVersion: sop.version,
        receivedAt,
        stageEnteredAt: receivedAt,
        stageWarnAt: due.warnAt,
        stageDueAt: due.dueAt,
        closedAt: null,
      });
      await tx.getRepository(Case).insert(c);
      await this.openVisit(tx, c);
      const event = await this.appendEvent(tx, c, actor, row, null, now, {
        channel: input.channel,
        laporTrackingId,
        receivedAt: receivedAt.toISOString(),
        ...(input.app ? { apiTokenId: input.app.id, apiTokenLabel: input.app.label } : {}),
      });
      return { c, event };
    });
    this.publish(saved.c, saved.event, [null]);
    return { case: saved.c, accessCode };
  }

  /**
   * The one path every action takes: read the case, check scope, role, version, the transition
   * table, the SOP's requirements and timing; apply; then write it all as one statement guarded by
   * the version read (`writeTransition`). Anything refused throws before a write; a case that
   * changed in between is a version conflict, or for the system a fresh attempt. A case this
   * replica wrote last, at the version the caller expects, is decided from memory (`KeptCases`)
   * and its write also guarded by the row's `xmin`: when that guard fails, or the decision from
   * memory is a refusal, the action is decided again from the database.
   */
  private async perform(
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
      const before = await this.readCase(actor, target);
      const done = await this.attempt(actor, target, action, apply, before, null);
      if (done) return done;
      if (target.expectedVersion !== null || attempt >= 3) throw versionConflict(await this.currentVersion(before.id));
    }
  }

  /** The case as this replica last wrote it, when the caller expects that version; with its OPD as it is now. */
  private async keptCase(target: Target): Promise<KeptCase | null> {
    if (!target.caseId || target.expectedVersion === null) return null;
    const kept = this.kept.get(uuid("caseId", target.caseId));
    if (!kept || kept.case.version !== target.expectedVersion) return null;
    const opd = kept.case.opdId ? await this.opdById(kept.case.opdId) : null;
    return { case: Object.assign(copyOf(kept.case), { opd }), stamp: kept.stamp };
  }

  /** An OPD as kept between requests (`IdentityCache`; its trigger empties it on any change). */
  private opdById(id: string): Promise<Opd | null> {
    return this.identities.get(`opd:${id}`, () => queryOne(this.ds, Opd, `SELECT id, code, name, active, created_at FROM opd WHERE id = $1`, [id]));
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
    const written = await writeTransition(this.ds, this.outbox, {
      before,
      stamp,
      after: c,
      done: { at: now, byId: actor.userId, byRole: actor.role, outcome: action, workingSeconds },
      opens: row.to !== Stage.CLOSED,
      event: { actorId: actor.userId, actorName: actor.name, action, fromStage: before.stage, inputs },
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
    });
    if (!written) {
      this.kept.forget(c.id);
      return null;
    }
    c.updatedAt = written.updatedAt;
    this.kept.keep(copyOf(c), written.stamp);
    const event = this.ds.getRepository(CaseEvent).create({
      id: written.eventId,
      caseId: c.id,
      at: now,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: actor.role,
      action,
      fromStage: before.stage,
      toStage: c.stage,
      round: c.round,
      version: c.version,
      inputs,
    });
    this.publish(c, event, [before.opdId]);
    return c;
  }

  private async readCase(actor: Actor, target: Target): Promise<Case> {
    if (target.complainant) {
      const trackingNumber = text("trackingNumber", target.complainant.trackingNumber, 64).toUpperCase();
      const c = await this.caseWhere("tracking_number", trackingNumber);
      if (!c || !accessCodeMatches(target.complainant.accessCode ?? "", c.accessCodeHash)) {
        throw notFound("Case with this tracking number and access code");
      }
      return c;
    }
    const c = await this.caseWhere("id", uuid("caseId", target.caseId ?? ""));
    if (!c) throw notFound("Case");
    if (!canSeeCase(actor, c)) throw forbidden("This case belongs to another OPD");
    return c;
  }

  private async caseWhere(column: "id" | "tracking_number", value: string): Promise<Case | null> {
    const rows = await preparedQuery(this.ds, caseWithOpdSql(this.ds, column), [value]);
    if (!rows[0]) return null;
    const c = hydrate(this.ds, Case, rows[0]);
    c.opd = rows[0].opd__id ? hydrate(this.ds, Opd, rows[0], "opd__") : null;
    return c;
  }

  private async currentVersion(caseId: string): Promise<number> {
    const rows = await preparedQuery(this.ds, `SELECT version FROM complaint_case WHERE id = $1`, [caseId]);
    return Number(rows[0]?.version ?? 0);
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

  private async openVisit(tx: EntityManager, c: Case): Promise<void> {
    await tx.getRepository(StageVisit).insert({
      id: randomUUID(),
      caseId: c.id,
      stage: c.stage,
      round: c.round,
      enteredAt: c.stageEnteredAt,
      warnAt: c.stageWarnAt!,
      dueAt: c.stageDueAt!,
      warnedAt: null,
      breachedAt: null,
      doneAt: null,
      workingSeconds: null,
      doneById: null,
      doneByRole: null,
      outcome: null,
    });
  }

  private async appendEvent(
    tx: EntityManager,
    c: Case,
    actor: Actor,
    row: Transition,
    from: Stage | null,
    at: Date,
    inputs: Inputs,
  ): Promise<CaseEvent> {
    const event = tx.getRepository(CaseEvent).create({
      caseId: c.id,
      at,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: actor.role,
      action: row.action,
      fromStage: from,
      toStage: row.to,
      round: c.round,
      version: c.version,
      inputs,
    });
    await tx.getRepository(CaseEvent).save(event);
    return event;
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
      console.error("publish failed", e);
    }
  }
}


const staffTarget = (ref: CaseRef): Target => ({ caseId: ref.caseId, expectedVersion: ref.expectedVersion });
const complainantTarget = (ref: ComplainantRef): Target => ({ complainant: ref, expectedVersion: ref.expectedVersion });

/** ADU-<year in WITA>-<sequence>: readable over the phone, unique, and no secret. */
function trackingNumber(receivedAt: Date, seq: number): string {
  const year = new Intl.DateTimeFormat("en", { timeZone: "Asia/Makassar", year: "numeric" }).format(receivedAt);
  return `ADU-${year}-${String(seq).padStart(6, "0")}`;
}

function versionConflict(current: number): DomainError {
  return new DomainError(ErrorCode.VERSION_CONFLICT, `The case changed (now version ${current}); reload and retry`, { currentVersion: current });
}
