import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { Role, Stage } from "../sop/sop.definition.js";

/** A note that a case was shared for coordination; not an SOP step, so it never touches the case's version. */
@ObjectType({ description: "A record that staff shared the case for coordination (SOP step 1: WhatsApp group)." })
@Entity({ name: "case_share" })
export class CaseShare {
  @Field(() => ID, { description: "The share record's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "uuid", name: "case_id" })
  caseId: string;

  @Field(() => GraphQLISODateTime, { description: "When the share link was made." })
  @Column({ type: "timestamptz" })
  at: Date;

  @Field(() => String, { description: "Where it was shared; WHATSAPP for now." })
  @Column({ type: "text" })
  channel: string;

  @Field(() => Stage, { description: "The case's stage when it was shared." })
  @Column({ type: "text" })
  stage: Stage;

  @Column({ type: "uuid", name: "actor_id" })
  actorId: string;

  @Field(() => String, { description: "Display name of the staff member who shared it." })
  @Column({ type: "text", name: "actor_name" })
  actorName: string;

  @Field(() => Role, { description: "The sharer's role." })
  @Column({ type: "text", name: "actor_role" })
  actorRole: Role;
}
