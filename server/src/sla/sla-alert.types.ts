import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Stage } from "../sop/sop.definition.js";

export enum SlaAlertEventKind {
  WARNING = "WARNING",
  BREACHED = "BREACHED",
  AUTO_CLOSED = "AUTO_CLOSED",
}

@ObjectType({ description: "An SLA event as it happens: a warning, a breach, or a case closed by the system." })
export class SlaAlertEvent {
  @Field(() => SlaAlertEventKind)
  kind: SlaAlertEventKind;

  @Field(() => ID)
  caseId: string;

  @Field(() => String)
  trackingNumber: string;

  @Field(() => String)
  title: string;

  @Field(() => Stage)
  stage: Stage;

  @Field(() => ID, { nullable: true })
  opdId: string | null;

  @Field(() => GraphQLISODateTime)
  dueAt: Date;

  @Field(() => GraphQLISODateTime)
  at: Date;
}
