import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Opd } from "./opd.entity.js";

/** A read-only token for a wall monitor: shows the SLA countdowns of one OPD, or of the whole city. */
@ObjectType({ description: "A read-only token for a wall monitor showing live SLA countdowns of one OPD, or of the whole city." })
@Entity({ name: "display_token" })
export class DisplayToken {
  @Field(() => ID, { description: "The id to revoke it by; also the token's subject." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => String, { description: 'Where the screen hangs, e.g. "Lobby TV".' })
  @Column({ type: "text" })
  label: string;

  @Column({ type: "uuid", name: "opd_id", nullable: true })
  opdId: string | null;

  @Field(() => Opd, { nullable: true, description: "The OPD whose cases the screen shows; null for city-wide." })
  @ManyToOne(() => Opd, { nullable: true, eager: true })
  @JoinColumn({ name: "opd_id" })
  opd: Opd | null;

  @Column({ type: "uuid", name: "created_by" })
  createdBy: string;

  @Field(() => GraphQLISODateTime, { description: "When it was made." })
  @Column({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: "After this the token is refused." })
  @Column({ type: "timestamptz", name: "expires_at" })
  expiresAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When it was revoked; null while it is not." })
  @Column({ type: "timestamptz", name: "revoked_at", nullable: true })
  revokedAt: Date | null;
}
