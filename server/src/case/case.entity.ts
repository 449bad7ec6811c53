import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Opd } from "../auth/opd.entity.js";
import { Role, Stage } from "../sop/sop.definition.js";

/** Where a complaint came in. */
export enum Channel {
  LAPOR = "LAPOR",
  MPP = "MPP",
  WHATSAPP = "WHATSAPP",
  LETTER = "LETTER",
  WALK_IN = "WALK_IN",
  PORTAL = "PORTAL",
  OPEN311 = "OPEN311",
}

/** A public complaint and where it stands in the SOP. */
@ObjectType({ description: "A complaint case and where it stands in the SOP.", simpleResolvers: true })
@Entity({ name: "complaint_case" })
export class Case {
  @Field(() => ID, { description: "The case's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => String, { description: "Human-readable and unique, e.g. ADU-2026-000042. Not a secret." })
  @Column({ type: "text", name: "tracking_number", unique: true })
  trackingNumber: string;

  @Column({ type: "text", name: "access_code_hash" })
  accessCodeHash: string;

  @Field(() => String, { description: "Short summary of the complaint." })
  @Column({ type: "text" })
  title: string;

  @Field(() => String, { description: "The complaint in the complainant's words." })
  @Column({ type: "text" })
  description: string;

  @Field(() => String, { description: 'Free-text category; "Umum" when none was given.' })
  @Column({ type: "text" })
  category: string;

  @Field(() => Channel, { description: "Where the complaint came in." })
  @Column({ type: "text" })
  channel: Channel;

  @Field(() => String, { nullable: true, description: "The SP4N-LAPOR! tracking id, when it came from LAPOR!." })
  @Column({ type: "text", name: "lapor_tracking_id", nullable: true })
  laporTrackingId: string | null;

  @Field(() => String, { nullable: true, description: "Where it happened, as the complainant wrote it." })
  @Column({ type: "text", nullable: true })
  location: string | null;

  @Field(() => Boolean, { description: "No identity was recorded." })
  @Column({ type: "boolean" })
  anonymous: boolean;

  @Field(() => Boolean, { description: "Identity recorded but visible only to the Admin Instansi." })
  @Column({ type: "boolean" })
  confidential: boolean;

  @Column({ type: "text", name: "complainant_name", nullable: true })
  complainantName: string | null;

  @Column({ type: "text", name: "complainant_contact", nullable: true })
  complainantContact: string | null;

  @Column({ type: "uuid", name: "opd_id", nullable: true })
  opdId: string | null;

  @Field(() => Opd, { nullable: true, description: "The OPD handling it; null while at disposition." })
  @ManyToOne(() => Opd, { nullable: true })
  @JoinColumn({ name: "opd_id" })
  opd: Opd | null;

  /** The person of the case's OPD it is given to (assignCase); never an SOP step. */
  @Column({ type: "uuid", name: "assignee_id", nullable: true })
  assigneeId: string | null;

  @Field(() => Stage, { description: "The SOP stage the case is at now." })
  @Column({ type: "text" })
  stage: Stage;

  @Field(() => Int, { description: "1, then one more for each reply by the complainant." })
  @Column({ type: "int" })
  round: number;

  @Field(() => Int, { description: "Pass it back as expectedVersion when acting on the case." })
  @Column({ type: "int" })
  version: number;

  @Field(() => Int, { description: "The SOP version the case is bound to." })
  @Column({ type: "int", name: "sop_version" })
  sopVersion: number;

  @Field(() => GraphQLISODateTime, { description: "When the complaint was received; step 1's clock starts here." })
  @Column({ type: "timestamptz", name: "received_at" })
  receivedAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When the case entered its current stage." })
  @Column({ type: "timestamptz", name: "stage_entered_at" })
  stageEnteredAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the current stage reaches WARNING (75% used); null once closed." })
  @Column({ type: "timestamptz", name: "stage_warn_at", nullable: true })
  stageWarnAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the current stage is due; null once closed." })
  @Column({ type: "timestamptz", name: "stage_due_at", nullable: true })
  stageDueAt: Date | null;

  @Field(() => String, { nullable: true, description: "Step 2's initial response to the complainant (public)." })
  @Column({ type: "text", name: "initial_response", nullable: true })
  initialResponse: string | null;

  @Field(() => String, { nullable: true, description: "Step 2's report material for the liaison (internal)." })
  @Column({ type: "text", name: "report_material", nullable: true })
  reportMaterial: string | null;

  @Field(() => String, { nullable: true, description: "Step 3's analysis (internal)." })
  @Column({ type: "text", nullable: true })
  analysis: string | null;

  @Field(() => String, { nullable: true, description: "The answer to the complaint (public once delivered)." })
  @Column({ type: "text", nullable: true })
  answer: string | null;

  @Field(() => String, { nullable: true, description: "Who the liaison consulted (the officer concerned)." })
  @Column({ type: "text", nullable: true })
  consulted: string | null;

  @Field(() => Int, { nullable: true, description: "The complainant's rating, 1 to 5, on accepting." })
  @Column({ type: "int", nullable: true })
  rating: number | null;

  @Field(() => String, { nullable: true, description: "The complainant's comment on accepting the answer." })
  @Column({ type: "text", name: "rating_comment", nullable: true })
  ratingComment: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the case was closed; null while open." })
  @Column({ type: "timestamptz", name: "closed_at", nullable: true })
  closedAt: Date | null;

  @Field(() => Role, { nullable: true, description: "Who closed it: complainant, admin or system." })
  @Column({ type: "text", name: "closed_by_role", nullable: true })
  closedByRole: Role | null;

  @Field(() => String, {
    nullable: true,
    description: "Why it was closed: the reason given on reject, transfer out or close, or the automatic close's note.",
  })
  @Column({ type: "text", name: "closing_reason", nullable: true })
  closingReason: string | null;

  @Field(() => String, { nullable: true, description: "Where a transferred-out complaint went." })
  @Column({ type: "text", nullable: true })
  destination: string | null;

  @Field(() => GraphQLISODateTime, { description: "When the case was recorded in this system (receivedAt may be earlier)." })
  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When the case last changed." })
  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/** A shallow copy to change, leaving the original as read (TypeORM's `create` does the same, several times slower). */
export const copyOf = (c: Case): Case => Object.assign(new Case(), c);
