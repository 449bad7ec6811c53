import { Arg, Ctx, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { AuthContext } from "./auth.context.js";
import { Role } from "../sop/sop.definition.js";
import { requireStaff } from "./viewer.js";
import { User } from "./user.entity.js";

@ObjectType({
  description: "A signed token; send it as `Authorization: Bearer <token>`, or as `authorization` in graphql-ws connectionParams.",
})
export class AuthPayload {
  @Field(() => String, { description: "The bearer token." })
  token: string;

  @Field(() => GraphQLISODateTime, { description: "After this the token is refused; sign in again." })
  expiresAt: Date;

  @Field(() => User, { description: "The signed-in user." })
  user: User;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Sign in with username and password." })
  login(
    @Arg("username", () => String, { description: "Sign-in name; case-insensitive." }) username: string,
    @Arg("password", () => String, { description: "The account's password." }) password: string,
    @Ctx() { services, clientIp }: AuthContext,
  ): Promise<AuthPayload> {
    return services.guesses.guardLogin(clientIp, username, () => services.auth.login(username, password));
  }

  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() { viewer, services }: AuthContext): Promise<User> {
    return services.auth.me(requireStaff(viewer));
  }

  @Mutation(() => User, { description: "Superuser: add a staff account. OPD roles need an OPD; city roles take none." })
  createUser(
    @Arg("username", () => String, {
      description: "Unique sign-in name, up to 64 characters: letters, digits, dot, dash and underscore; stored in lower case.",
    })
    username: string,
    @Arg("displayName", () => String, { description: "The name shown to other staff, up to 200 characters." }) displayName: string,
    @Arg("password", () => String, { description: "8 to 256 characters." }) password: string,
    @Arg("role", () => Role, { description: "ADMIN_INSTANSI, ADMIN_OPD, LIAISON, OFFICER or SUPERUSER." }) role: Role,
    @Ctx() { viewer, services }: AuthContext,
    @Arg("opdId", () => ID, {
      nullable: true,
      description: "The user's OPD: required for ADMIN_OPD, LIAISON and OFFICER; must be empty for the other roles.",
    })
    opdId?: string,
  ): Promise<User> {
    return services.auth.createUser(viewer, { username, displayName, password, role, opdId });
  }
}
