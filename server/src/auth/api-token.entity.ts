import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Role } from "../sop/sop.definition.js";
import { ApiScope } from "./api-scope.js";
import { Opd } from "./opd.entity.js";

/** A third-party client's token: its service account (the app_user with the same id), scopes, expiry. */
@ObjectType({ description: "An API token for a third-party client: a role (and OPD), scopes that narrow what it may do, and an expiry." })
@Entity({ name: "api_token" })
export class ApiToken {
  @Field(() => ID, { description: "The id to revoke it by; also the actor id recorded for its actions." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Field(() => String, { description: 'Who uses it, e.g. "Dasbor Diskominfo".' })
  @Column({ type: "text" })
  label: string;

  @Field(() => Role, { description: "The role it holds: its reads and actions follow that role's rules, narrowed by its scopes." })
  @Column({ type: "text" })
  role: Role;

  @Column({ type: "uuid", name: "opd_id", nullable: true })
  opdId: string | null;

  @Field(() => Opd, { nullable: true, description: "The OPD of an OPD role; null for the city-wide Admin Instansi role." })
  @ManyToOne(() => Opd, { nullable: true, eager: true })
  @JoinColumn({ name: "opd_id" })
  opd: Opd | null;

  @Field(() => [ApiScope], { description: "What it may do." })
  @Column({ type: "text", array: true })
  scopes: ApiScope[];

  /** SHA-256 of the secret part; the token itself is shown once and never stored. */
  @Column({ type: "bytea", name: "secret_hash", select: false })
  secretHash: Buffer;

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

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: "When it was last used (written at most every few seconds); null if never.",
  })
  @Column({ type: "timestamptz", name: "last_used_at", nullable: true })
  lastUsedAt: Date | null;
}

/** One use of a token: an operation it ran. */
@ObjectType({ description: "One use of an API token: an operation it sent." })
@Entity({ name: "api_token_use" })
export class ApiTokenUse {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ type: "uuid", name: "token_id" })
  tokenId: string;

  @Field(() => GraphQLISODateTime, { description: "When the operation arrived." })
  @Column({ type: "timestamptz" })
  at: Date;

  @Field(() => String, { description: "query, mutation, subscription, or the HTTP route (export, attachment, open311)." })
  @Column({ type: "text", name: "operation_type" })
  operationType: string;

  @Field(() => String, { nullable: true, description: "The operation's name as the client sent it; null when unnamed." })
  @Column({ type: "text", name: "operation_name", nullable: true })
  operationName: string | null;

  @Field(() => [String], { description: "The root fields it asked for (or the route path)." })
  @Column({ type: "text", array: true, name: "root_fields" })
  rootFields: string[];

  @Field(() => String, { nullable: true, description: "The client's address." })
  @Column({ type: "text", name: "client_ip", nullable: true })
  clientIp: string | null;

  @Field(() => Boolean, { description: "False when the operation was refused before it ran (scope, limits)." })
  @Column({ type: "boolean" })
  allowed: boolean;
}
