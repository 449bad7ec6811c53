import { Field, FieldResolver, ObjectType, Resolver } from "type-graphql";
import { Role, Stage } from "../sop/sop.definition.js";
import { SopType } from "../sop/sop.types.js";
import { CaseAction, TemplateUse, TRANSITIONS } from "./case.workflow.js";

@ObjectType("SopTransitionTemplate", { description: "A text input of a transition that an answer template may fill." })
export class SopTransitionTemplateType {
  @Field(() => String, { description: "The input, by argument name, e.g. `initialResponse`." })
  input: string;

  @Field(() => TemplateUse, { description: "The answer templates offered for it." })
  use: TemplateUse;
}

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

  @Field(() => [SopTransitionTemplateType], {
    description: "The text inputs answer templates fill in the step's dialog; none for most actions.",
  })
  templates: SopTransitionTemplateType[];
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
      templates: Object.entries(t.templates ?? {}).map(([input, use]) => ({ input, use })),
    }));
  }
}
