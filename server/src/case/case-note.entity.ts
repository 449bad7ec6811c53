import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { Role } from "../sop/sop.definition.js";

/** A staff note on a case; append-only (the database refuses to change or delete one), corrected by a later note that strikes it. */
@ObjectType({ description: "A staff note on a case: internal, never shown to the complainant; append-only." })
@Entity({ name: "case_note" })
export class CaseNote {
  @Field(() => ID, { description: "The note's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => ID, { description: "The case the note is on." })
  @Column({ type: "uuid", name: "case_id" })
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: "When it was written." })
  @Column({ type: "timestamptz" })
  at: Date;

  @Field(() => ID, { description: "The writer's account id: whose note it is (its writer may strike it through)." })
  @Column({ type: "uuid", name: "author_id" })
  authorId: string;

  @Field(() => String, { description: "Display name of the staff member who wrote it." })
  @Column({ type: "text", name: "author_name" })
  authorName: string;

  @Field(() => Role, { description: "The writer's role." })
  @Column({ type: "text", name: "author_role" })
  authorRole: Role;

  @Field(() => String, { description: "The note's text." })
  @Column({ type: "text" })
  body: string;

  @Field(() => ID, {
    nullable: true,
    description: "A file of the same case the note refers to (uploaded with POST /cases/{id}/attachments); null for none.",
  })
  @Column({ type: "uuid", name: "attachment_id", nullable: true })
  attachmentId: string | null;

  @Field(() => ID, { nullable: true, description: "The earlier note this one strikes through (a correction); null for an ordinary note." })
  @Column({ type: "uuid", nullable: true })
  strikes: string | null;

  @Field(() => [String], { description: "Usernames of the staff the note mentions (@username), in lower case, each once." })
  @Column({ type: "text", array: true })
  mentions: string[];
}
