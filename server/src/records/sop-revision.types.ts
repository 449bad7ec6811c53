import { Field, Float, Int, ObjectType } from "type-graphql";
import { Stage } from "../sop/sop.definition.js";

@ObjectType({
  description:
    "One step over a look-back period: the stored visits' measured time against the time standard in force and against the draft's.",
})
export class SopProjectionRow {
  @Field(() => Int, { description: "The look-back period in months before now: 3, 6 or 12." })
  months: number;

  @Field(() => Stage, { description: "The step." })
  step: Stage;

  @Field(() => Int, { description: "The step's number, 1 to 5." })
  stepNumber: number;

  @Field(() => String, { description: 'The time standard in force, as printed, e.g. "2 Jam".' })
  currentLabel: string;

  @Field(() => String, { description: "The draft's time standard, as it would print." })
  draftLabel: string;

  @Field(() => Int, { description: "Visits done in the period whose working time was recorded." })
  handled: number;

  @Field(() => Int, { description: "Of those, within the standard in force." })
  metCurrent: number;

  @Field(() => Int, { description: "Of those, within the draft's standard." })
  metDraft: number;

  @Field(() => Float, { nullable: true, description: "metCurrent / handled, 0 to 1; null when nothing was handled." })
  currentShare: number | null;

  @Field(() => Float, { nullable: true, description: "metDraft / handled, 0 to 1; null when nothing was handled." })
  draftShare: number | null;
}
