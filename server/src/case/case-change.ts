import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { Role, Stage } from "../sop/sop.definition.js";
import { Case } from "./case.entity.js";
import { CaseAction } from "./case.workflow.js";

/** A case as it travels to subscribers: no access code hash, no complainant identity. */
export type CaseSnapshot = Omit<Case, "accessCodeHash" | "complainantName" | "complainantContact">;

export function toSnapshot(c: Case): CaseSnapshot {
  const { accessCodeHash: _h, complainantName: _n, complainantContact: _c, ...rest } = c;
  return rest;
}

@ObjectType({ description: "One change to a case, as pushed to subscribers." })
export class CaseChange {
  @Field(() => ID)
  caseId: string;

  @Field(() => CaseAction)
  action: CaseAction;

  @Field(() => Stage, { nullable: true })
  fromStage: Stage | null;

  @Field(() => Stage)
  toStage: Stage;

  @Field(() => Int)
  version: number;

  @Field(() => GraphQLISODateTime)
  at: Date;

  @Field(() => Role)
  actorRole: Role;

  @Field(() => Case, { description: "The case after the change." })
  case: CaseSnapshot;
}
