import { canSeeCase, canSeeComplainant, isOpdBound, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { forbidden, invalid, notFound, unauthenticated } from "../errors.js";
import { intInRange, text, uuid } from "../validate.js";
import { accessCodeMatches } from "./access-code.js";
import type { CaseEvent } from "./case-event.entity.js";
import type { Case } from "./case.entity.js";
import type { CaseFilter } from "./case.inputs.js";
import type { BoardColumnData, CaseConditions, CaseLoaders, CasePage, CaseRepository, CaseSelection } from "./case.repository.js";
import type { CaseAssignee } from "./case.types.js";
import { ASSIGNABLE_ROLES, publicInputsOf } from "./case.workflow.js";

export type { BoardColumnData, CaseLoaders, CasePage, CaseSelection } from "./case.repository.js";

export interface PublicView {
  case: Case;
  events: CaseEvent[];
}

/** Reads, scoped to what the viewer may see; a fixed number of statements whatever the size. */
export class CaseQueries {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

  async byId(viewer: StaffViewer | null, id: string): Promise<Case> {
    if (!viewer) throw unauthenticated();
    const c = await this.cases.byId(uuid("id", id));
    if (!c) throw notFound("Case");
    if (!canSeeCase(viewer, c)) throw forbidden("This case belongs to another OPD");
    return c;
  }

  list(
    viewer: StaffViewer | null,
    filter: CaseFilter | null | undefined,
    first: number,
    after?: string | null,
    selected: CaseSelection | null = null,
  ): Promise<CasePage> {
    if (!viewer) throw unauthenticated();
    const limit = intInRange("first", first, 1, 500);
    return this.cases.page(this.conditions(viewer, filter), limit, after, selected);
  }

  board(
    viewer: StaffViewer | null,
    filter: CaseFilter | null | undefined,
    perColumn: number,
    selected: CaseSelection | null = null,
  ): Promise<BoardColumnData[]> {
    if (!viewer) throw unauthenticated();
    const limit = intInRange("perColumn", perColumn, 1, 500);
    return this.cases.board(this.conditions(viewer, filter), limit, selected);
  }

  /** Who the case may be given to; the case read as `byId` reads it. */
  async assignable(viewer: StaffViewer | null, caseId: string): Promise<CaseAssignee[]> {
    const c = await this.byId(viewer, caseId);
    return c.opdId ? this.cases.staffOf(c.opdId, ASSIGNABLE_ROLES) : [];
  }

  /** The complainant's own case; a wrong code and an unknown number look the same. */
  async publicView(trackingNumber: string, accessCode: string): Promise<PublicView> {
    const number = text("trackingNumber", trackingNumber, 64).toUpperCase();
    const c = await this.cases.byTrackingNumber(number);
    if (!c || !accessCodeMatches(accessCode ?? "", c.accessCodeHash)) {
      throw notFound("Case with this tracking number and access code");
    }
    const events = await this.cases.events(c.id);
    return { case: c, events: events.filter((e) => publicInputsOf(e.fromStage, e.action, e.inputs) !== null) };
  }

  loaders(): CaseLoaders {
    return this.cases.loaders();
  }

  mayShowComplainant(viewer: StaffViewer | null, c: Pick<Case, "opdId" | "anonymous" | "confidential">): boolean {
    return viewer !== null && canSeeComplainant(viewer, c);
  }

  /** The SQL condition on `complaint_case c` for the viewer's scope and the filter; values appended to `params`. */
  where(viewer: StaffViewer, filter: CaseFilter | null | undefined, params: unknown[]): string {
    return this.cases.where(this.conditions(viewer, filter), params);
  }

  private conditions(viewer: StaffViewer, filter: CaseFilter | null | undefined): CaseConditions {
    if (filter?.assignedToMe && filter.unassigned) throw invalid("unassigned", "a case given to the caller is given to somebody");
    return {
      scope: isOpdBound(viewer) ? { opdId: viewer.opdId } : undefined,
      opdId: filter?.opdId ? uuid("opdId", filter.opdId) : null,
      stages: filter?.stages,
      channel: filter?.channel,
      text: filter?.text?.trim() ? text("text", filter.text, 200) : null,
      overdue: filter?.overdue,
      assigneeId: filter?.assignedToMe ? viewer.userId : null,
      unassigned: filter?.unassigned,
      now: this.clock.now(),
    };
  }
}
