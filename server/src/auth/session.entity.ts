import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

/** One sign-in: every login makes one, its id travels in the bearer token, and ending it refuses that token everywhere. */
@ObjectType("Session", {
  description: "One sign-in of an account: when it began, until when its token is valid, and whether it was ended.",
})
@Entity({ name: "user_session" })
export class UserSession {
  @Field(() => ID, { description: "The session's id; end it by this id." })
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @Field(() => GraphQLISODateTime, { name: "signedInAt", description: "When the account signed in." })
  @Column({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { description: "When its token expires; sign in again after it." })
  @Column({ type: "timestamptz", name: "expires_at" })
  expiresAt: Date;

  @Column({ type: "timestamptz", name: "ended_at", nullable: true })
  endedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The address the sign-in came from, as the server saw it." })
  @Column({ type: "text", name: "client_ip", nullable: true })
  clientIp: string | null;

  /** Set for the session of the request that reads it. */
  @Field(() => Boolean, { description: "True for the session this request was made with." })
  current: boolean;
}
