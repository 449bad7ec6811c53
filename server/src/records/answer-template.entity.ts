import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Opd } from "../auth/opd.entity.js";
import { TemplateUse } from "../case/case.workflow.js";

/** A reusable text for one SOP action's input, an OPD's own or city-wide, with placeholders filled per case. */
@ObjectType({ description: "An answer template: a reusable text for one step's input, with placeholders filled from a case." })
@Entity({ name: "answer_template" })
export class AnswerTemplate {
  @Field(() => ID, { description: "The template's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "uuid", name: "opd_id", nullable: true })
  opdId: string | null;

  @Field(() => Opd, { nullable: true, description: "The OPD whose template it is; null for a city-wide one." })
  @ManyToOne(() => Opd, { nullable: true })
  @JoinColumn({ name: "opd_id" })
  opd: Opd | null;

  @Field(() => TemplateUse, { description: "The step and input it fills." })
  @Column({ type: "text" })
  use: TemplateUse;

  @Field(() => String, { description: "Its name in the step dialog's list, unique within its OPD (or city-wide)." })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, {
    description: "The text, with placeholders: {nomor}, {judul}, {opd}, {tanggal_terima}, {batas_waktu}.",
  })
  @Column({ type: "text" })
  body: string;

  @Field(() => Boolean, { description: "False when deactivated: kept, but no longer offered." })
  @Column({ type: "boolean", default: true })
  active: boolean;

  @Field(() => GraphQLISODateTime, { description: "When it was last changed." })
  @Column({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
