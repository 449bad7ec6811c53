import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Stage } from "../sop/sop.definition.js";

/** What an SlaAlertEvent reports. */
export enum SlaAlertEventKind {
  WARNING = "WARNING",
  BREACHED = "BREACHED",
  AUTO_CLOSED = "AUTO_CLOSED",
}

@ObjectType({ description: "An SLA event as it happens: a warning, a breach, or a case closed by the system." })
export class SlaAlertEvent {
  @Field(() => SlaAlertEventKind, { description: "What happened." })
  kind: SlaAlertEventKind;

  @Field(() => ID, { description: "The case's id." })
  caseId: string;

  @Field(() => String, { description: "The case's tracking number." })
  trackingNumber: string;

  @Field(() => String, { description: "The case's title." })
  title: string;

  @Field(() => Stage, { description: "The stage the alert is about." })
  stage: Stage;

  @Field(() => ID, { nullable: true, description: "The OPD handling the case; null while at disposition." })
  opdId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The account the case is given to (assignCase), whom the alert is for first; null when it is given to nobody.",
  })
  assigneeId: string | null;

  @Field(() => GraphQLISODateTime, { description: "The stage's deadline; for AUTO_CLOSED, when the case was closed." })
  dueAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When it was recorded." })
  at: Date;
}
