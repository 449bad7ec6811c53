import { Field, FieldResolver, ObjectType, Resolver } from "type-graphql";
import { Role, Stage } from "../sop/sop.definition.js";
import { SopType } from "../sop/sop.types.js";
import { CaseAction, TRANSITIONS } from "./case.workflow.js";

@ObjectType("SopTransition", { description: "One row of the SOP's transition table: who may take a case from one stage to another." })
export class SopTransitionType {
  @Field(() => Stage, { nullable: true, description: "Null for the submission that creates the case." })
  from: Stage | null;

  @Field(() => CaseAction, { description: "The action." })
  action: CaseAction;

  @Field(() => Stage, { description: "The stage the case moves to." })
  to: Stage;

  @Field(() => [Role], { description: "The roles that may take this action." })
  roles: Role[];

  @Field(() => [String], { description: "Inputs the action must carry, by argument name." })
  required: string[];

  @Field(() => [String], { description: "Inputs the action may carry, by argument name." })
  optional: string[];
}

@Resolver(() => SopType)
export class SopTransitionsResolver {
  @FieldResolver(() => [SopTransitionType], { description: "The transition table: every legal move, and nothing else." })
  transitions(): SopTransitionType[] {
    return TRANSITIONS.map((t) => ({
      from: t.from,
      action: t.action,
      to: t.to,
      roles: [...t.roles],
      required: [...t.required],
      optional: [...t.optional],
    }));
  }
}
