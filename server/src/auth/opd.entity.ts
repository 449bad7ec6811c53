import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** An OPD (organisasi perangkat daerah): a department of the city. */
@ObjectType({ description: "A city department (OPD, organisasi perangkat daerah).", simpleResolvers: true })
@Entity({ name: "opd" })
export class Opd {
  @Field(() => ID, { description: "The OPD's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => String, { description: "Short code, e.g. DISKOPUKMP." })
  @Column({ type: "text", unique: true })
  code: string;

  @Field(() => String, { description: "Full name of the department." })
  @Column({ type: "text" })
  name: string;

  @Field(() => String, { nullable: true, description: "The name used day to day, e.g. Diskop UKM; null when none is set." })
  @Column({ type: "text", name: "short_name", nullable: true })
  shortName: string | null;

  @Field(() => String, { nullable: true, description: "The OPD's contact e-mail address for complaints; null when none is set." })
  @Column({ type: "text", name: "contact_email", nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true, description: "The OPD's contact phone number for complaints, as written, e.g. (0541) 741234." })
  @Column({ type: "text", name: "contact_phone", nullable: true })
  contactPhone: string | null;

  @Field(() => Boolean, { description: "False when the OPD is deactivated; complaints cannot be forwarded to it." })
  @Column({ type: "boolean", default: true })
  active: boolean;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
