import { Field, Float, GraphQLISODateTime, InputType, Int, ObjectType } from "type-graphql";
import { Role, Stage } from "./sop.definition.js";

/** What a time standard counts: working hours on the office calendar, or wall-clock hours. */
export enum TimeBasis {
  WORKING = "WORKING",
  CALENDAR = "CALENDAR",
}

@ObjectType({ description: "A step's time standard (the SOP's Mutu Baku: Waktu)." })
export class SopTimeStandardType {
  @Field(() => String, { description: 'As printed, e.g. "7-70 Jam".' })
  label: string;

  @Field(() => TimeBasis, { description: "Whether the hours are working hours on the office calendar or wall-clock hours." })
  basis: TimeBasis;

  @Field(() => Float, { description: "Hours until the step is due." })
  hours: number;

  @Field(() => Float, { nullable: true, description: "Hours before which an admin may not close the step." })
  minHours?: number;
}

@ObjectType({ description: "One step of the SOP's procedure." })
export class SopStepType {
  @Field(() => Int, { description: "The step number, 1 to 5." })
  number: number;

  @Field(() => Stage, { description: "The stage this step is." })
  stage: Stage;

  @Field(() => String, { description: "Uraian prosedur." })
  description: string;

  @Field(() => String, { description: 'The SOP\'s name for the acting role, e.g. "Pejabat Penghubung".' })
  actorLabel: string;

  @Field(() => Role, { description: "The acting role." })
  actor: Role;

  @Field(() => [String], { description: "Kelengkapan / persyaratan." })
  requirements: string[];

  @Field(() => SopTimeStandardType, { description: "The step's time standard." })
  time: SopTimeStandardType;

  @Field(() => [String], { description: "What the step must produce, as printed in the SOP's Output column." })
  output: string[];

  @Field(() => String, { nullable: true, description: "Keterangan." })
  remarks?: string;
}

@ObjectType({ description: "The SOP's approver." })
export class SopApproverType {
  @Field(() => String, { description: 'The approver\'s position, e.g. "Kepala Dinas".' })
  position: string;

  @Field(() => String, { description: "The approver's name." })
  name: string;

  @Field(() => String, { description: "NIP, the civil servant number." })
  nip: string;
}

@ObjectType({ description: "An actor column of the procedure table." })
export class SopActorColumnType {
  @Field(() => Role, { description: "The role this column stands for." })
  role: Role;

  @Field(() => String, { description: 'The column name as the SOP prints it, e.g. "Admin OPD".' })
  label: string;
}

@ObjectType({ description: "The SOP in force, whole: header, legal basis, and the five steps." })
export class SopType {
  @Field(() => Int, { description: "The SOP version number; each revision is a new version." })
  version: number;

  @Field(() => String, { description: "The local government, as printed in the header." })
  government: string;

  @Field(() => String, { description: "The agency (dinas) the SOP belongs to." })
  agency: string;

  @Field(() => String, { description: "The unit within the agency." })
  unit: string;

  @Field(() => String, { description: "Nomor SOP." })
  number: string;

  @Field(() => String, { description: "The SOP's title, as printed." })
  title: string;

  @Field(() => String, { description: "Tanggal pembuatan (ISO date)." })
  createdOn: string;

  @Field(() => String, { nullable: true, description: "Tanggal revisi (ISO date)." })
  revisedOn: string | null;

  @Field(() => String, { description: "Tanggal efektif (ISO date)." })
  effectiveOn: string;

  @Field(() => SopApproverType, { description: "Disahkan oleh." })
  approvedBy: SopApproverType;

  @Field(() => [String], { description: "Dasar hukum." })
  legalBasis: string[];

  @Field(() => [String], { description: "Kualifikasi pelaksana." })
  qualifications: string[];

  @Field(() => [String], { description: "Keterkaitan." })
  relatedSops: string[];

  @Field(() => [String], { description: "Peralatan dan perlengkapan." })
  equipment: string[];

  @Field(() => String, { description: "Peringatan." })
  warning: string;

  @Field(() => String, { description: "Pencatatan dan pendataan." })
  records: string;

  @Field(() => [SopActorColumnType], { description: "The actor columns of the procedure table, left to right." })
  actorColumns: SopActorColumnType[];

  @Field(() => [SopStepType], { description: "The procedure's steps, in order." })
  steps: SopStepType[];

  @Field(() => Float, { description: "A running step turns WARNING when this share of its time is used, 0.5 to 0.95." })
  warningShare: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "From when new cases get this version; null for version 1, in force since the first boot, and for a draft.",
  })
  effectiveAt: Date | null;
}

@ObjectType({
  description: "One revisable field that differs from the previous version (or, for a draft, from the version it was opened from).",
})
export class SopChangeType {
  @Field(() => String, { description: 'The field, e.g. "warning", "legalBasis" or "steps.2.time".' })
  field: string;

  @Field(() => String, { description: "Its value before, as printed; lines separated by newlines; empty when it had none." })
  before: string;

  @Field(() => String, { description: "Its value after, the same way." })
  after: string;
}

/** Where a stored version stands at the moment asked. */
export enum SopVersionStatus {
  IN_FORCE = "IN_FORCE",
  SCHEDULED = "SCHEDULED",
  SUPERSEDED = "SUPERSEDED",
}

@ObjectType({ description: "A stored version of the SOP, with when it applies and what it changed." })
export class SopVersionType {
  @Field(() => Int, { description: "The version number." })
  version: number;

  @Field(() => SopVersionStatus, { description: "In force now, scheduled for later, or superseded." })
  status: SopVersionStatus;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "From when new cases get it; null for version 1 (since the first boot).",
  })
  effectiveAt: Date | null;

  @Field(() => GraphQLISODateTime, { description: "When it was stored (published)." })
  publishedAt: Date;

  @Field(() => String, { nullable: true, description: "Who published it; null for version 1, seeded from the code." })
  publishedBy: string | null;

  @Field(() => SopType, { description: "The version whole, as it prints." })
  sop: SopType;

  @Field(() => [SopChangeType], { description: "What differs from the previous version; empty for version 1." })
  changes: SopChangeType[];
}

@ObjectType({ description: "The one SOP revision being prepared." })
export class SopDraftType {
  @Field(() => Int, { description: "Pass it back as expectedRevision to edit, publish or discard the draft." })
  revision: number;

  @Field(() => Int, { description: "The version it was opened from; publishing needs it still to be the newest." })
  baseVersion: number;

  @Field(() => String, { description: "Who opened it." })
  openedBy: string;

  @Field(() => String, { description: "Who changed it last." })
  updatedBy: string;

  @Field(() => GraphQLISODateTime, { description: "When it was last changed." })
  updatedAt: Date;

  @Field(() => SopType, { description: "The draft whole, as it would print; its version is the one publishing would make." })
  sop: SopType;

  @Field(() => [SopChangeType], { description: "What differs from the version it was opened from." })
  changes: SopChangeType[];
}

@InputType({ description: "The SOP's approver." })
export class SopApproverInput {
  @Field(() => String, { description: "Position, e.g. Kepala Dinas." })
  position: string;

  @Field(() => String, { description: "Name." })
  name: string;

  @Field(() => String, { description: "NIP." })
  nip: string;
}

@InputType({
  description: "What a revision may change in one step; its number, stage, actor and place in the transition table are the code's.",
})
export class SopStepRevisionInput {
  @Field(() => Int, { description: "The step's number, 1 to 5." })
  number: number;

  @Field(() => String, { description: "Uraian prosedur." })
  description: string;

  @Field(() => [String], { description: "Kelengkapan / persyaratan, one per line; at least one." })
  requirements: string[];

  @Field(() => [String], { description: "Output, one per line; at least one." })
  output: string[];

  @Field(() => String, { nullable: true, description: "Keterangan; blank for none." })
  remarks?: string | null;

  @Field(() => TimeBasis, { description: "Working hours on the office calendar, or wall-clock hours." })
  basis: TimeBasis;

  @Field(() => Float, { description: "Hours until the step is due, 0.25 to 2000 in quarter hours; the printed label follows." })
  hours: number;

  @Field(() => Float, {
    nullable: true,
    description: "Hours before which an admin may not close the step; less than hours; null or 0 for none.",
  })
  minHours?: number | null;
}

@InputType({
  description: "Everything a revision may change: the header, the warning share, and each step's text and time standard. Sent whole.",
})
export class SopRevisionInput {
  @Field(() => String, { description: "Nomor SOP." })
  number: string;

  @Field(() => String, { description: "Tanggal pembuatan, YYYY-MM-DD." })
  createdOn: string;

  @Field(() => String, { nullable: true, description: "Tanggal revisi, YYYY-MM-DD; null for none." })
  revisedOn?: string | null;

  @Field(() => String, {
    description: "Tanggal efektif as printed, YYYY-MM-DD (the instant that binds cases is the publish's effectiveAt).",
  })
  effectiveOn: string;

  @Field(() => SopApproverInput, { description: "Disahkan oleh." })
  approvedBy: SopApproverInput;

  @Field(() => [String], { description: "Dasar hukum, one per line; at least one." })
  legalBasis: string[];

  @Field(() => [String], { description: "Kualifikasi pelaksana, one per line; at least one." })
  qualifications: string[];

  @Field(() => [String], { description: "Keterkaitan, one per line; may be empty." })
  relatedSops: string[];

  @Field(() => [String], { description: "Peralatan dan perlengkapan, one per line; at least one." })
  equipment: string[];

  @Field(() => String, { description: "Peringatan." })
  warning: string;

  @Field(() => String, { description: "Pencatatan dan pendataan." })
  records: string;

  @Field(() => Float, { description: "Share of a step's time after which it turns WARNING, 0.5 to 0.95." })
  warningShare: number;

  @Field(() => [SopStepRevisionInput], { description: "Every step of the SOP, each once." })
  steps: SopStepRevisionInput[];
}
