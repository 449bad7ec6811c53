import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { CaseContext } from "./case.context.js";
import { Case } from "./case.entity.js";
import { CaseAssignee } from "./case.types.js";

const VERSION = { description: "The case's version as last read." };
const CASE_ID = { description: "The case to act on." };

@Resolver()
export class CaseAssignmentResolver {
  @Query(() => [CaseAssignee], { description: "The people a case may be given to: the active liaisons and officers of its OPD, by name." })
  assignableStaff(
    @Arg("caseId", () => ID, { description: "The case." }) caseId: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<CaseAssignee[]> {
    return services.caseQueries.assignable(viewer, caseId);
  }

  @Mutation(() => Case, {
    description:
      "Gives the case to a person of its OPD: the Admin OPD from step 2 on, the liaison at step 3. Recorded as an ASSIGN event (never public); the stage and its clock stay, the version moves.",
  })
  assignCase(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("assigneeId", () => ID, { description: "An active liaison or officer of the case's OPD (assignableStaff)." }) assigneeId: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.assign(viewer, { caseId, expectedVersion }, { assigneeId });
  }

  @Mutation(() => Case, { description: "Takes the case back from its assignee (an UNASSIGN event); same roles and stages as assignCase." })
  unassignCase(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.unassign(viewer, { caseId, expectedVersion });
  }
}
