import { Field, Float, Int, ObjectType } from "type-graphql";
import { Role, Stage } from "./sop.definition.js";

@ObjectType({ description: "A step's time standard (the SOP's Mutu Baku: Waktu)." })
export class SopTimeStandardType {
  @Field(() => String, { description: 'As printed, e.g. "7-70 Jam".' })
  label: string;

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
}
