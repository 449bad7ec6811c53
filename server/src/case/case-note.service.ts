import { randomUUID } from "node:crypto";
import { canSeeCase, requireRole, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { forbidden, invalidBecause, isUniqueViolation, notFound } from "../errors.js";
import type { Logger } from "../ops/logger.js";
import { Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { Role } from "../sop/sop.definition.js";
import { MAX, text, uuid } from "../validate.js";
import { CaseNote } from "./case-note.entity.js";
import type { Case } from "./case.entity.js";
import type { CaseRepository } from "./case.repository.js";

/** Staff of the case's scope: the Admin Instansi city-wide, the OPD's admin, liaison and officers for their own OPD's cases. */
const NOTE_ROLES = [Role.ADMIN_INSTANSI, Role.ADMIN_OPD, Role.LIAISON, Role.OFFICER];
/** Who may strike another person's note; anyone may strike their own. */
const STRIKE_OTHERS = [Role.ADMIN_INSTANSI, Role.ADMIN_OPD];

const MENTION = /(?<![\w.@])@([a-z0-9][a-z0-9._-]{0,62}[a-z0-9]|[a-z0-9])/gi;

/** The usernames a note's text mentions (`@username`), lower case, each once, in the order written. */
export function mentionsIn(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((m) => m[1].toLowerCase()))];
}

const alreadyStruck = () => invalidBecause("strikes", "NOTE_STRUCK", "that note is already struck through");

/** A note as the bus carries it: with its case's OPD when written, so a subscriber no longer of that scope hears no more. */
export type PublishedNote = CaseNote & { caseOpdId: string | null };

export interface NoteInput {
  body: string;
  attachmentId?: string | null;
  strikes?: string | null;
}

/** The staff's notes thread on a case: written, never changed; a wrong note is struck through by a later one. */
export class CaseNoteService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async add(viewer: StaffViewer | null, caseId: string, input: NoteInput): Promise<CaseNote> {
    const actor = requireRole(viewer, ...NOTE_ROLES);
    if (actor.token) throw forbidden("An API token writes no notes");
    const c = await this.findOrFail(actor, caseId);
    const body = text("body", input.body, MAX.long);
    const attachmentId = input.attachmentId ? uuid("attachmentId", input.attachmentId) : null;
    if (attachmentId && !(await this.cases.hasAttachment(c.id, attachmentId))) {
      throw invalidBecause("attachmentId", "ATTACHMENT_OTHER_CASE", "is no file of this case");
    }
    const strikes = input.strikes ? await this.struck(actor, c, uuid("strikes", input.strikes)) : null;
    const note = Object.assign(new CaseNote(), {
      id: randomUUID(),
      caseId: c.id,
      at: this.clock.now(),
      authorId: actor.userId,
      authorName: actor.name,
      authorRole: actor.role,
      body,
      attachmentId,
      strikes,
      mentions: await this.cases.knownUsernames(mentionsIn(body)),
    });
    try {
      await this.cases.insertNote(note);
    } catch (e) {
      // Two strikes of one note at once: the unique index lets one in.
      throw isUniqueViolation(e) ? alreadyStruck() : e;
    }
    try {
      this.bus.publish(Topic.CASE_NOTE_ADDED, c.id, { ...note, caseOpdId: c.opdId } satisfies PublishedNote);
    } catch (e) {
      this.log.error({ err: e, caseId: c.id }, "publish failed");
    }
    return note;
  }

  /** The notes of one case as they are written, refused as a read of the case would be; a note written after the case left the subscriber's scope is not heard. */
  async live(viewer: StaffViewer | null, caseId: string, onOverflow?: () => void): Promise<AsyncIterableIterator<PublishedNote>> {
    const reader = requireRole(viewer, ...NOTE_ROLES, Role.SUPERUSER);
    const c = await this.findOrFail(reader, caseId);
    return this.bus.subscribe<PublishedNote>(Topic.CASE_NOTE_ADDED, c.id, onOverflow, (n) => canSeeCase(reader, { opdId: n.caseOpdId }));
  }

  private async struck(actor: StaffViewer, c: Case, noteId: string): Promise<string> {
    const earlier = await this.cases.note(noteId);
    if (!earlier || earlier.caseId !== c.id) throw invalidBecause("strikes", "NOTE_OTHER_CASE", "is no note of this case");
    if (earlier.strikes) throw invalidBecause("strikes", "STRIKE_OF_STRIKE", "a correction is not struck through; write another note");
    if (earlier.authorId !== actor.userId && !STRIKE_OTHERS.includes(actor.role)) {
      throw forbidden("Only its writer or an admin strikes a note through");
    }
    if (await this.cases.isStruck(noteId)) throw alreadyStruck();
    return noteId;
  }

  private async findOrFail(actor: StaffViewer, caseId: string): Promise<Case> {
    const c = await this.cases.byId(uuid("caseId", caseId));
    if (!c) throw notFound("Case");
    if (!canSeeCase(actor, c)) throw forbidden("This case belongs to another OPD");
    return c;
  }
}
