import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { canSeeCase } from "../auth/viewer.js";
import type { CaseContext } from "./case.context.js";
import { Stage } from "../sop/sop.definition.js";
import { CaseEvent } from "./case-event.entity.js";
import { CaseShare } from "./case-share.entity.js";
import { Case } from "./case.entity.js";
import { CaseNote } from "./case-note.entity.js";
import { CaseAssignee, Complainant } from "./case.types.js";
import { actionsFor, CaseAction, mayAssign } from "./case.workflow.js";
import { StageVisit } from "./stage-visit.entity.js";

/** Fields computed per viewer, or batched across the cards of one response. */
@Resolver(() => Case)
export class CaseFieldsResolver {
  @FieldResolver(() => Complainant, {
    nullable: true,
    description: "Null when anonymous, or when the viewer may not see it (confidential: Admin Instansi only).",
  })
  async complainant(@Root() c: Case, @Ctx() { viewer, services, loaders }: CaseContext): Promise<Complainant | null> {
    if (!services.caseQueries.mayShowComplainant(viewer, c)) return null;
    const identity = c.complainantName !== undefined ? c : await loaders.complainants.load(c.id);
    return identity?.complainantName ? { name: identity.complainantName, contact: identity.complainantContact } : null;
  }

  @FieldResolver(() => [StageVisit], { description: "Every visit to a stage, oldest first." })
  visits(@Root() c: Case, @Ctx() { loaders }: CaseContext): Promise<StageVisit[]> {
    return loaders.visits.load(c.id);
  }

  @FieldResolver(() => [CaseEvent], { description: "The case's history, oldest first." })
  events(@Root() c: Case, @Ctx() { loaders }: CaseContext): Promise<CaseEvent[]> {
    return loaders.events.load(c.id);
  }

  @FieldResolver(() => [CaseShare], { description: "Times staff shared the case for coordination, oldest first; not SOP steps." })
  shares(@Root() c: Case, @Ctx() { loaders }: CaseContext): Promise<CaseShare[]> {
    return loaders.shares.load(c.id);
  }

  @FieldResolver(() => CaseAssignee, { nullable: true, description: "The person of the OPD the case is given to; null for nobody." })
  assignee(@Root() c: Case, @Ctx() { loaders }: CaseContext): Promise<CaseAssignee | null> | null {
    return c.assigneeId ? loaders.assignees.load(c.assigneeId) : null;
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer may give the case to a person now (assignCase, unassignCase)." })
  mayAssign(@Root() c: Case, @Ctx() { viewer }: CaseContext): boolean {
    return viewer !== null && !viewer.token && canSeeCase(viewer, c) && mayAssign(c.stage, viewer.role);
  }

  @FieldResolver(() => [CaseNote], { description: "The staff's notes on the case, oldest first; internal, append-only." })
  notes(@Root() c: Case, @Ctx() { loaders }: CaseContext): Promise<CaseNote[]> {
    return loaders.notes.load(c.id);
  }

  @FieldResolver(() => [CaseAction], { description: "The SOP actions the viewer may take on the case now." })
  availableActions(@Root() c: Case, @Ctx() { viewer }: CaseContext): CaseAction[] {
    if (!viewer || !canSeeCase(viewer, c)) return [];
    return actionsFor(c.stage, viewer.role).map((row) => row.action);
  }

  @FieldResolver(() => Boolean, { description: "Past the current stage's deadline." })
  overdue(@Root() c: Case, @Ctx() { services }: CaseContext): boolean {
    return c.stage !== Stage.CLOSED && c.stageDueAt !== null && new Date(c.stageDueAt) < services.clock.now();
  }
}

@Resolver(() => StageVisit)
export class StageVisitFieldsResolver {
  @FieldResolver(() => Boolean, { nullable: true, description: "Done within its time standard; null while running." })
  slaMet(@Root() v: StageVisit): boolean | null {
    return v.doneAt ? new Date(v.doneAt) <= new Date(v.dueAt) : null;
  }
}
