import { Arg, Ctx, Field, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { Role } from "../sop/sop.definition.js";
import type { AuthContext } from "./auth.context.js";
import { UserSession } from "./session.entity.js";
import { requireStaff } from "./viewer.js";
import { User } from "./user.entity.js";

@ObjectType({
  description: "An account with the one-time password the desk made for it. The password is shown this once and never stored.",
})
export class UserWithPassword {
  @Field(() => User, { description: "The account." })
  user: User;

  @Field(() => String, {
    nullable: true,
    description:
      "The one-time password to hand to the account's holder, who must replace it at first sign-in; null when a password was given.",
  })
  oneTimePassword: string | null;
}

const OPD_ARG = {
  nullable: true,
  description: "The account's OPD: required for ADMIN_OPD, LIAISON and OFFICER; must be empty for the other roles.",
} as const;

@Resolver(() => User)
export class AccountResolver {
  @FieldResolver(() => GraphQLISODateTime, { nullable: true, description: "When the account last signed in; null if never." })
  async lastSignInAt(@Root() user: User, @Ctx() { services }: AuthContext): Promise<Date | null> {
    if (user.lastSignInAt !== undefined) return user.lastSignInAt;
    return (await services.sessions.lastSignIn([user.id])).get(user.id) ?? null;
  }

  @Query(() => [User], {
    description:
      "Superuser: every staff account. Admin Instansi: the OPD staff accounts (ADMIN_OPD, LIAISON, OFFICER). By name, at most 500; API tokens' service accounts are never listed.",
  })
  users(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("search", () => String, { nullable: true, description: "Part of the username or the name, any case." }) search?: string,
    @Arg("role", () => Role, { nullable: true, description: "Only accounts with this role." }) role?: Role,
    @Arg("opdId", () => ID, { nullable: true, description: "Only accounts of this OPD." }) opdId?: string,
    @Arg("active", () => Boolean, { nullable: true, description: "True: only active accounts; false: only deactivated ones." })
    active?: boolean,
  ): Promise<User[]> {
    return services.accounts.list(viewer, { search, role, opdId, active });
  }

  // type-graphql lists arguments last parameter first; this order prints (username, displayName, role, opdId, password).
  @Mutation(() => UserWithPassword, {
    description:
      "Superuser (any role) or Admin Instansi (OPD staff only): add a staff account. Without a password the desk makes a one-time password, returned once, which the account must replace at first sign-in.",
  })
  createUser(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("password", () => String, {
      nullable: true,
      description:
        "Optional: 10 to 256 characters, not containing the username, not a common password. Leave it out for a one-time password.",
    })
    password: string | undefined,
    @Arg("opdId", () => ID, OPD_ARG) opdId: string | undefined,
    @Arg("role", () => Role, { description: "ADMIN_INSTANSI, ADMIN_OPD, LIAISON, OFFICER or SUPERUSER." }) role: Role,
    @Arg("displayName", () => String, { description: "The name shown to other staff, up to 200 characters." }) displayName: string,
    @Arg("username", () => String, {
      description: "Unique sign-in name, up to 64 characters: letters, digits, dot, dash and underscore; stored in lower case.",
    })
    username: string,
  ): Promise<UserWithPassword> {
    return services.accounts.create(viewer, { username, displayName, role, opdId, password });
  }

  @Mutation(() => User, {
    description:
      "Superuser, or Admin Instansi for OPD staff: change an account's name, role and OPD. Nobody changes their own role; a role or OPD change ends the account's sessions.",
  })
  updateUser(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("opdId", () => ID, OPD_ARG) opdId: string | undefined,
    @Arg("role", () => Role, { description: "The account's role from now on." }) role: Role,
    @Arg("displayName", () => String, { description: "The name shown to other staff, up to 200 characters." }) displayName: string,
    @Arg("id", () => ID, { description: "The account." }) id: string,
  ): Promise<User> {
    return services.accounts.update(viewer, id, { displayName, role, opdId });
  }

  @Mutation(() => User, {
    description:
      "Superuser, or Admin Instansi for OPD staff: deactivate an account (its sessions and subscriptions end at once) or reactivate it. Not one's own; not the last active superuser.",
  })
  setUserActive(
    @Arg("id", () => ID, { description: "The account." }) id: string,
    @Arg("active", () => Boolean, { description: "False deactivates: it cannot sign in; true lets it sign in again." }) active: boolean,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<User> {
    return services.accounts.setActive(viewer, id, active);
  }

  @Mutation(() => UserWithPassword, {
    description:
      "Superuser, or Admin Instansi for OPD staff: give an account a one-time password (returned once). Its sessions end and it must choose a new password at its next sign-in.",
  })
  resetUserPassword(
    @Arg("id", () => ID, { description: "The account; not one's own (use changePassword)." }) id: string,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<UserWithPassword> {
    return services.accounts.resetPassword(viewer, id);
  }

  @Mutation(() => User, {
    description:
      "Change one's own password. The account's other sessions end; this one stays. Allowed while a new password is required. A wrong current password counts against the sign-in limits.",
  })
  changePassword(
    @Arg("currentPassword", () => String, { description: "The password (or one-time password) signed in with." }) currentPassword: string,
    @Arg("newPassword", () => String, {
      description: "10 to 256 characters, not containing the username, not a common password (nor one followed by digits).",
    })
    newPassword: string,
    @Ctx() { viewer, services, clientIp }: AuthContext,
  ): Promise<User> {
    const username = requireStaff(viewer).username;
    return services.guesses.guardPasswordChange(clientIp, username, () =>
      services.accounts.changeOwnPassword(viewer, currentPassword, newPassword),
    );
  }

  @Query(() => [UserSession], { description: "The signed-in account's open sessions, newest first, with their sign-in time." })
  mySessions(@Ctx() { viewer, services }: AuthContext): Promise<UserSession[]> {
    return services.sessions.mine(viewer);
  }

  @Mutation(() => UserSession, { description: "End one of one's own sessions: its token is refused and its subscriptions close." })
  endSession(
    @Arg("id", () => ID, { description: "The session, from mySessions." }) id: string,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<UserSession> {
    return services.sessions.end(viewer, id);
  }

  @Mutation(() => Int, { description: "End every one of one's own sessions but this one; answers how many were ended." })
  endOtherSessions(@Ctx() { viewer, services }: AuthContext): Promise<number> {
    return services.sessions.endOthers(viewer);
  }

  @Mutation(() => Boolean, { description: "Sign out: end the session of this request. Allowed while a new password is required." })
  signOut(@Ctx() { viewer, services }: AuthContext): Promise<boolean> {
    return services.sessions.signOut(viewer);
  }
}
