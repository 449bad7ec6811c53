import { GraphQLJSONObject } from "graphql-scalars";
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Role, Stage } from "../sop/sop.definition.js";
import { CaseAction } from "./case.workflow.js";

/** An append-only record of one action; the database refuses to update or delete it. */
@ObjectType({ description: "An append-only record of one action on a case." })
@Entity({ name: "case_event" })
export class CaseEvent {
  @Field(() => ID, { description: "The event's id; increases with each event." })
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ type: "uuid", name: "case_id" })
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: "When the action was taken." })
  @Column({ type: "timestamptz" })
  at: Date;

  @Column({ type: "uuid", name: "actor_id", nullable: true })
  actorId: string | null;

  @Field(() => String, { nullable: true, description: "Display name of the staff actor; null for complainant and system." })
  @Column({ type: "text", name: "actor_name", nullable: true })
  actorName: string | null;

  @Field(() => Role, { description: "The actor's role." })
  @Column({ type: "text", name: "actor_role" })
  actorRole: Role;

  @Field(() => CaseAction, { description: "The action taken." })
  @Column({ type: "text" })
  action: CaseAction;

  @Field(() => Stage, { nullable: true, description: "The stage before the action; null for SUBMIT." })
  @Column({ type: "text", name: "from_stage", nullable: true })
  fromStage: Stage | null;

  @Field(() => Stage, { description: "The stage after the action." })
  @Column({ type: "text", name: "to_stage" })
  toStage: Stage;

  @Field(() => Int, { description: "The case's round after the action." })
  @Column({ type: "int" })
  round: number;

  @Field(() => Int, { description: "The case's version after the action." })
  @Column({ type: "int" })
  version: number;

  @Field(() => GraphQLJSONObject, { description: "The action's inputs as given." })
  @Column({ type: "jsonb" })
  inputs: Record<string, unknown>;
}
