import { Field, Float, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Stage } from "../sop/sop.definition.js";
import { CountdownKind } from "./countdown.hub.js";
import { SlaState } from "./sla.state.js";

@ObjectType({ description: "Where the current stage stands against its time standard, at the server's now.", simpleResolvers: true })
export class SlaStatusType {
  @Field(() => SlaState, { description: "ON_TRACK, WARNING, BREACHED or PAUSED (outside office hours)." })
  state: SlaState;

  @Field(() => Float, { description: "Working seconds left (negative once overdue)." })
  remainingSeconds: number;

  @Field(() => GraphQLISODateTime, { description: "When the stage reaches WARNING (75% of its time used)." })
  warnAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When the stage is due (BREACHED from then on)." })
  dueAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the clock next stops (office closes)." })
  pausesAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "While PAUSED: when the clock runs again." })
  resumesAt: Date | null;
}

@ObjectType({ description: "One running case in a countdown: enough to tick on the client without more messages." })
export class SlaCountdownItem {
  @Field(() => ID, { description: "The case's id." })
  caseId: string;

  @Field(() => String, { description: "The case's tracking number." })
  trackingNumber: string;

  @Field(() => String, { description: "The case's title." })
  title: string;

  @Field(() => ID, { nullable: true, description: "The OPD handling the case; null while at disposition." })
  opdId: string | null;

  @Field(() => Stage, { description: "The stage the case is at." })
  stage: Stage;

  @Field(() => GraphQLISODateTime, { description: "When the stage reaches WARNING (75% of its time used)." })
  warnAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When the stage is due." })
  dueAt: Date;

  @Field(() => SlaState, { description: "At the message's serverTime." })
  state: SlaState;

  @Field(() => Float, { description: "Working seconds left at the message's serverTime." })
  remainingSeconds: number;

  @Field(() => Boolean, { description: "Whether the clock runs at serverTime." })
  running: boolean;

  @Field(() => [GraphQLISODateTime], {
    description: "Upcoming instants (until a week past due) at which the clock stops, then starts, alternately.",
  })
  toggles: Date[];
}

@ObjectType({
  description:
    "SNAPSHOT first; then UPSERT/REMOVE when a case changes, CALENDAR (all items again) when the calendar is edited, HEARTBEAT for clock sync, TICK only when tickSeconds was asked for.",
})
export class SlaCountdownMessage {
  @Field(() => CountdownKind, { description: "What this message carries." })
  kind: CountdownKind;

  @Field(() => GraphQLISODateTime, { description: "The server's clock when the message was made; sync against it." })
  serverTime: Date;

  @Field(() => [SlaCountdownItem], {
    description: "Items to add or replace: all of them for SNAPSHOT, CALENDAR and TICK; the changed case for UPSERT; none otherwise.",
  })
  items: SlaCountdownItem[];

  @Field(() => [ID], { description: "Cases that left the scope or closed." })
  removed: string[];
}
