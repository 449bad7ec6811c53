import { COMPLAINANT_ACTOR, requireRole, SYSTEM_ACTOR, type Actor, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, invalid, invalidBecause, unauthenticated } from "../errors.js";
import { intInRange, MAX, optionalText, text, uuid } from "../validate.js";
import { hashAccessCode, newAccessCode } from "./access-code.js";
import { Case, Channel } from "./case.entity.js";
import type { CaseRef, ComplainantRef, RecordComplaintInput, SubmitComplaintInput } from "./case.inputs.js";
import type { CaseRepository } from "./case.repository.js";
import { ASSIGNABLE_ROLES, ASSIGNER_ROLES, assertAssigner, CaseAction } from "./case.workflow.js";
import type { Target, TransitionRunner } from "./transition.runner.js";

/** The API token a civic app submitted a complaint with. */
export interface SubmittingApp {
  id: string;
  label: string;
}

/** One method per SOP action: its inputs validated, then one run of the transition (one statement, published after it). */
export class CaseService {
  constructor(
    private readonly runner: TransitionRunner,
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

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
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.FORWARD, async (c) => {
      const opd = await this.cases.opd(opdId);
      if (!opd) throw new DomainError(ErrorCode.NOT_FOUND, "OPD not found", { field: "opdId" });
      if (!opd.active) {
        throw new DomainError(ErrorCode.VALIDATION, "opdId: this OPD is inactive and receives no new complaints", {
          field: "opdId",
          reason: "OPD_INACTIVE",
        });
      }
      c.opdId = opd.id;
      c.opd = opd;
      return { opdId: opd.id, opdName: opd.name, note };
    });
  }

  reject(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.REJECT, (c) => {
      c.closingReason = reason;
      return { reason };
    });
  }

  transferOut(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string; destination: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    const destination = text("destination", input.destination, MAX.short);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.TRANSFER_OUT, (c) => {
      c.closingReason = reason;
      c.destination = destination;
      return { reason, destination };
    });
  }

  acknowledge(viewer: StaffViewer | null, ref: CaseRef, input: { initialResponse: string; reportMaterial: string }): Promise<Case> {
    const initialResponse = text("initialResponse", input.initialResponse, MAX.long);
    const reportMaterial = text("reportMaterial", input.reportMaterial, MAX.long);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.ACKNOWLEDGE, (c) => {
      c.initialResponse = initialResponse;
      c.reportMaterial = reportMaterial;
      return { initialResponse, reportMaterial };
    });
  }

  returnToInstansi(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.RETURN_TO_INSTANSI, (c) => {
      const fromOpd = c.opdId;
      c.opdId = null;
      c.opd = null;
      c.assigneeId = null;
      return { reason, fromOpdId: fromOpd };
    });
  }

  submitAnswer(viewer: StaffViewer | null, ref: CaseRef, input: { analysis: string; answer: string; consulted: string }): Promise<Case> {
    const analysis = text("analysis", input.analysis, MAX.long);
    const answer = text("answer", input.answer, MAX.long);
    const consulted = text("consulted", input.consulted, MAX.short);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.SUBMIT_ANSWER, (c) => {
      c.analysis = analysis;
      c.answer = answer;
      c.consulted = consulted;
      return { analysis, answer, consulted };
    });
  }

  deliverAnswer(viewer: StaffViewer | null, ref: CaseRef, input: { answer?: string | null }): Promise<Case> {
    const edited = optionalText("answer", input.answer, MAX.long);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.DELIVER_ANSWER, (c) => {
      if (edited) c.answer = edited;
      return { answer: c.answer, edited: edited !== null ? "yes" : "no" };
    });
  }

  sendBack(viewer: StaffViewer | null, ref: CaseRef, input: { reason: string }): Promise<Case> {
    const reason = text("reason", input.reason, MAX.reason);
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.SEND_BACK, () => ({ reason }));
  }

  accept(ref: ComplainantRef, input: { rating?: number | null; comment?: string | null }): Promise<Case> {
    const rating = input.rating == null ? null : intInRange("rating", input.rating, 1, 5);
    const comment = optionalText("comment", input.comment, MAX.reason);
    return this.runner.perform(COMPLAINANT_ACTOR, complainantTarget(ref), CaseAction.ACCEPT, (c) => {
      c.rating = rating;
      c.ratingComment = comment;
      return { rating, comment };
    });
  }

  reply(ref: ComplainantRef, input: { reply: string }): Promise<Case> {
    const reply = text("reply", input.reply, MAX.long);
    return this.runner.perform(COMPLAINANT_ACTOR, complainantTarget(ref), CaseAction.REPLY, (c) => {
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
    return this.runner.perform(viewer, staffTarget(ref), CaseAction.CLOSE, (c) => {
      c.closingReason = reason;
      return { reason };
    });
  }

  /** Gives the case to a person of its OPD (the liaison who analyses it, the officer consulted); the stage and its clock stay. */
  assign(viewer: StaffViewer | null, ref: CaseRef, input: { assigneeId: string }): Promise<Case> {
    const actor = requireRole(viewer, ...ASSIGNER_ROLES);
    const assigneeId = uuid("assigneeId", input.assigneeId);
    return this.runner.amend(actor, staffTarget(ref), CaseAction.ASSIGN, async (c) => {
      assertAssigner(c.stage, actor.role);
      const person = await this.cases.staffMember(assigneeId);
      if (!person) throw invalidBecause("assigneeId", "ASSIGNEE_UNKNOWN", "no such account");
      if (!person.active) throw invalidBecause("assigneeId", "ASSIGNEE_INACTIVE", "this account is deactivated");
      if (person.opdId !== c.opdId) throw invalidBecause("assigneeId", "ASSIGNEE_OTHER_OPD", "this account is not of the case's OPD");
      if (!ASSIGNABLE_ROLES.includes(person.role)) {
        throw invalidBecause("assigneeId", "ASSIGNEE_ROLE", `a case is given to a ${ASSIGNABLE_ROLES.join(" or ")}`);
      }
      if (c.assigneeId === person.id) throw invalidBecause("assigneeId", "ALREADY_ASSIGNED", "the case is already given to this person");
      const previous = c.assigneeId;
      c.assigneeId = person.id;
      return { assigneeId: person.id, assigneeName: person.displayName, assigneeUsername: person.username, previousAssigneeId: previous };
    });
  }

  unassign(viewer: StaffViewer | null, ref: CaseRef): Promise<Case> {
    const actor = requireRole(viewer, ...ASSIGNER_ROLES);
    return this.runner.amend(actor, staffTarget(ref), CaseAction.UNASSIGN, (c) => {
      assertAssigner(c.stage, actor.role);
      if (!c.assigneeId) throw invalidBecause("caseId", "NOT_ASSIGNED", "the case is given to nobody");
      const previous = c.assigneeId;
      c.assigneeId = null;
      return { previousAssigneeId: previous };
    });
  }

  /** The system's close of a case whose complainant stayed silent past step 5's time standard. */
  autoClose(caseId: string): Promise<Case> {
    return this.runner.perform(SYSTEM_ACTOR, { caseId, expectedVersion: null }, CaseAction.AUTO_CLOSE, (c) => {
      c.closingReason = "Ditutup otomatis: tidak ada tanggapan dari pengadu dalam batas waktu";
      return {};
    });
  }

  private async create(
    actor: Actor,
    input: SubmitComplaintInput & {
      channel: Channel;
      laporTrackingId?: string | null;
      receivedAt?: Date | null;
      app?: SubmittingApp | null;
    },
  ): Promise<{ case: Case; accessCode: string }> {
    let accessCode = "";
    const c = await this.runner.create(actor, () => {
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
      accessCode = newAccessCode();
      const draft = {
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
        receivedAt,
      };
      const inputs = {
        channel: input.channel,
        laporTrackingId,
        receivedAt: receivedAt.toISOString(),
        ...(input.app ? { apiTokenId: input.app.id, apiTokenLabel: input.app.label } : {}),
      };
      return { draft, inputs };
    });
    return { case: c, accessCode };
  }
}

const staffTarget = (ref: CaseRef): Target => ({ caseId: ref.caseId, expectedVersion: ref.expectedVersion });
const complainantTarget = (ref: ComplainantRef): Target => ({ complainant: ref, expectedVersion: ref.expectedVersion });
