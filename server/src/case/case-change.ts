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
  @Field(() => ID, { description: "The changed case's id." })
  caseId: string;

  @Field(() => CaseAction, { description: "The action that changed it." })
  action: CaseAction;

  @Field(() => Stage, { nullable: true, description: "The stage before the action; null for SUBMIT." })
  fromStage: Stage | null;

  @Field(() => Stage, { description: "The stage after the action." })
  toStage: Stage;

  @Field(() => Int, { description: "The case's version after the change." })
  version: number;

  @Field(() => GraphQLISODateTime, { description: "When the action was taken." })
  at: Date;

  @Field(() => Role, { description: "The actor's role." })
  actorRole: Role;

  @Field(() => Case, { description: "The case after the change." })
  case: CaseSnapshot;
}
