import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Stage } from "../sop/sop.definition.js";

export enum SlaAlertKind {
  WARNING = "WARNING",
  BREACHED = "BREACHED",
}

/** A warning or breach of one stage visit; the database holds at most one of each kind per visit. */
@ObjectType({ description: "A warning (75% of the time standard used) or breach recorded for a stage visit." })
@Entity({ name: "sla_alert" })
export class SlaAlert {
  @Field(() => ID, { description: "The alert's id." })
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ type: "uuid", name: "visit_id" })
  visitId: string;

  @Field(() => ID, { description: "The case's id." })
  @Column({ type: "uuid", name: "case_id" })
  caseId: string;

  @Field(() => SlaAlertKind, { description: "WARNING or BREACHED." })
  @Column({ type: "text" })
  kind: SlaAlertKind;

  @Field(() => Stage, { description: "The stage of the visit." })
  @Column({ type: "text" })
  stage: Stage;

  @Field(() => GraphQLISODateTime, { description: "The visit's deadline." })
  @Column({ type: "timestamptz", name: "due_at" })
  dueAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When it was recorded." })
  @Column({ type: "timestamptz" })
  at: Date;
}
