import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { Role, Stage } from "../sop/sop.definition.js";
import { CaseAction } from "./case.workflow.js";

/** One visit of a case to a stage: when it entered, when it was due, how it ended. */
@ObjectType({ description: "One visit of a case to a stage, with its deadline." })
@Entity({ name: "stage_visit" })
export class StageVisit {
  @Field(() => ID, { description: "The visit's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "uuid", name: "case_id" })
  caseId: string;

  @Field(() => Stage, { description: "The stage visited." })
  @Column({ type: "text" })
  stage: Stage;

  @Field(() => Int, { description: "The case's round during this visit." })
  @Column({ type: "int" })
  round: number;

  @Field(() => GraphQLISODateTime, { description: "When the case entered the stage; the step's clock starts here." })
  @Column({ type: "timestamptz", name: "entered_at" })
  enteredAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When 75% of the step's time is used." })
  @Column({ type: "timestamptz", name: "warn_at" })
  warnAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When the step's time standard runs out." })
  @Column({ type: "timestamptz", name: "due_at" })
  dueAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the sweeper recorded the warning." })
  @Column({ type: "timestamptz", name: "warned_at", nullable: true })
  warnedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the sweeper recorded the breach." })
  @Column({ type: "timestamptz", name: "breached_at", nullable: true })
  breachedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the case left the stage; null while it is still there." })
  @Column({ type: "timestamptz", name: "done_at", nullable: true })
  doneAt: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "Working seconds from entered to done, on the SOP's calendar; null while running or when done before it was recorded.",
  })
  @Column({ type: "int", name: "working_seconds", nullable: true })
  workingSeconds: number | null;

  @Column({ type: "uuid", name: "done_by_id", nullable: true })
  doneById: string | null;

  @Field(() => Role, { nullable: true, description: "The role of whoever ended the visit; null while running." })
  @Column({ type: "text", name: "done_by_role", nullable: true })
  doneByRole: Role | null;

  @Field(() => CaseAction, { nullable: true, description: "The action that ended the visit." })
  @Column({ type: "text", nullable: true })
  outcome: CaseAction | null;
}
