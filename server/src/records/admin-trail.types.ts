import { GraphQLJSONObject } from "graphql-scalars";
import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from "type-graphql";
import { Role } from "../sop/sop.definition.js";
import type { TrailSubject } from "../trail/admin-trail.js";

/** What an entry of the administration trail is about: the same names the trail's writer takes. */
export enum TrailSubjectType {
  USER = "USER",
  OPD = "OPD",
  SOP_VERSION = "SOP_VERSION",
  CALENDAR = "CALENDAR",
  API_TOKEN = "API_TOKEN",
  DISPLAY_TOKEN = "DISPLAY_TOKEN",
  ANSWER_TEMPLATE = "ANSWER_TEMPLATE",
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A subject added to the writer's TrailSubject does not compile until it is a value here too. */
export const SUBJECTS_MATCH: Same<`${TrailSubjectType}`, TrailSubject> = true;

@ObjectType({ description: "Who made an administrative change." })
export class TrailActor {
  @Field(() => ID, { nullable: true, description: "The account's id; null for the desk itself (setup, a data migration)." })
  userId: string | null;

  @Field(() => String, { description: "The account's username as it was at the change, or `system`." })
  username: string;

  @Field(() => String, { nullable: true, description: "The account's display name now; null for the system." })
  displayName: string | null;

  @Field(() => Role, { nullable: true, description: "The account's role now; null for the system." })
  role: Role | null;
}

@ObjectType({ description: "One field an administrative change set, its value before and after as text." })
export class TrailFieldChange {
  @Field(() => String, { description: "The field, e.g. `name`; a nested field by its path, e.g. `header.number`." })
  field: string;

  @Field(() => String, {
    nullable: true,
    description: "The value before, as text (a list joined with commas); null when it had none. A secret reads `[disembunyikan]`.",
  })
  before: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The value after, as text; null when it has none. A secret reads `[disembunyikan]`.",
  })
  after: string | null;
}

@ObjectType({ description: "One administrative change: an account, an OPD, the SOP, the calendar or a token. Never changed or removed." })
export class AdminChange {
  @Field(() => ID, { description: "The entry's number; later entries have higher numbers." })
  id: string;

  @Field(() => GraphQLISODateTime, { description: "When the change was made." })
  at: Date;

  @Field(() => TrailActor, { description: "Who made it." })
  actor: TrailActor;

  @Field(() => String, { description: "What was done, in UPPER_SNAKE, e.g. OPD_DEACTIVATED or API_TOKEN_REVOKED." })
  action: string;

  @Field(() => TrailSubjectType, { description: "What kind of thing was changed." })
  subjectType: TrailSubjectType;

  @Field(() => String, { description: "The changed thing's id (an OPD's, an account's, a token's...)." })
  subjectId: string;

  @Field(() => String, { description: "One readable line naming what was changed, e.g. `DINKES — Dinas Kesehatan`." })
  summary: string;

  @Field(() => [TrailFieldChange], { description: "The fields that differ between before and after; every field of a creation." })
  changes: TrailFieldChange[];

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The fields as they were, as stored (secrets redacted); null for a creation.",
  })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The fields as they became, as stored (secrets redacted); null for a removal.",
  })
  after: Record<string, unknown> | null;
}

@InputType({ description: "Which entries of the administration trail to list or export; every filter given must hold." })
export class AdminTrailFilter {
  @Field(() => TrailSubjectType, { nullable: true, description: "Only changes to this kind of thing." })
  subjectType?: TrailSubjectType | null;

  @Field(() => String, { nullable: true, description: "Only changes to the thing with this id (an OPD's id, an account's...)." })
  subjectId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Only changes made by the account with this username (case-insensitive), or `system`.",
  })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: "Only this action, e.g. OPD_UPDATED." })
  action?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "Only changes made at or after this instant." })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "Only changes made before this instant." })
  to?: Date | null;
}
