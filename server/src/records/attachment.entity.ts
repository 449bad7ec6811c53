import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { Role, Stage } from "../sop/sop.definition.js";

/** A file kept with a case (scanned letter, photo, PDF); the bytes live in the file store under `id`. */
@ObjectType({ description: "A file kept with a case: a scanned letter, a photo, a PDF." })
@Entity({ name: "attachment" })
export class Attachment {
  @Field(() => ID, { description: "The attachment's id; download it at GET /attachments/{id}." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "uuid", name: "case_id" })
  caseId: string;

  @Field(() => Stage, { nullable: true, description: "The step whose output it belongs to; null for the complaint itself." })
  @Column({ type: "text", nullable: true })
  stage: Stage | null;

  @Field(() => Int, { description: "The case's round when it was added." })
  @Column({ type: "int" })
  round: number;

  @Field(() => String, { description: "The name it was uploaded with." })
  @Column({ type: "text", name: "file_name" })
  fileName: string;

  @Field(() => String, { description: "The type read from the content, not from the name." })
  @Column({ type: "text", name: "media_type" })
  mediaType: string;

  @Field(() => Int, { description: "Size of the content in bytes." })
  @Column({ type: "bigint", name: "size_bytes", transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  sizeBytes: number;

  @Field(() => String, { description: "SHA-256 of the content, lowercase hex; downloads are checked against it." })
  @Column({ type: "text" })
  sha256: string;

  @Field(() => Boolean, { description: "Shown to the complainant on the portal." })
  @Column({ type: "boolean" })
  public: boolean;

  @Column({ type: "uuid", name: "uploaded_by_id", nullable: true })
  uploadedById: string | null;

  @Field(() => String, { nullable: true, description: "The staff member's display name; null when the complainant added it." })
  @Column({ type: "text", name: "uploaded_by_name", nullable: true })
  uploadedBy: string | null;

  @Field(() => Role, { description: "The role of whoever added it; COMPLAINANT for the complainant's own files." })
  @Column({ type: "text", name: "uploaded_by_role" })
  uploadedByRole: Role;

  @Field(() => GraphQLISODateTime, { description: "When it was added." })
  @Column({ type: "timestamptz", name: "uploaded_at" })
  uploadedAt: Date;
}
