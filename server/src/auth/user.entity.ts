import { Field, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Role } from "../sop/sop.definition.js";
import { Opd } from "./opd.entity.js";

/** A staff account: one role each; OPD-bound roles carry their OPD. */
@ObjectType({ description: "A staff account with exactly one role." })
@Entity({ name: "app_user" })
export class User {
  @Field(() => ID, { description: "The account's id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => String, { description: "Sign-in name, unique, stored in lower case." })
  @Column({ type: "text", unique: true })
  username: string;

  @Field(() => String, { name: "displayName", description: "The name shown to other staff." })
  @Column({ type: "text", name: "display_name" })
  displayName: string;

  @Column({ type: "text", name: "password_hash" })
  passwordHash: string;

  @Field(() => Role, { description: "The user's one role." })
  @Column({ type: "text" })
  role: Role;

  @Column({ type: "uuid", name: "opd_id", nullable: true })
  opdId: string | null;

  @Field(() => Opd, { nullable: true, description: "The user's OPD; null for city-wide roles." })
  @ManyToOne(() => Opd, { nullable: true, eager: true })
  @JoinColumn({ name: "opd_id" })
  opd: Opd | null;

  @Field(() => Boolean, { description: "False when the account is disabled; a disabled account cannot sign in." })
  @Column({ type: "boolean", default: true })
  active: boolean;

  @Field(() => Boolean, {
    description: "True after a password reset (or for an account created without a password): it must set a new one before anything else.",
  })
  @Column({ type: "boolean", name: "must_change_password", default: false })
  mustChangePassword: boolean;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  /** The newest session's start, when the list of accounts loaded it (see AccountResolver). */
  lastSignInAt?: Date | null;
}

/** Roles whose users belong to one OPD and see only its cases. */
export const OPD_ROLES: readonly Role[] = [Role.ADMIN_OPD, Role.LIAISON, Role.OFFICER];
/** Roles a staff account may hold. */
export const STAFF_ROLES: readonly Role[] = [Role.ADMIN_INSTANSI, ...OPD_ROLES, Role.SUPERUSER];
