import { Arg, Ctx, Field, GraphQLISODateTime, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { AuthContext } from "./auth.context.js";
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
    return services.guesses.guardLogin(clientIp, username, () => services.auth.login(username, password, clientIp));
  }

  @Query(() => Boolean, {
    description:
      "True while the desk has no account at all (a new installation without the demo): the console then offers `setUpDesk`. Anyone may ask.",
  })
  setupRequired(@Ctx() { services }: AuthContext): Promise<boolean> {
    return services.accounts.setupRequired();
  }

  @Mutation(() => AuthPayload, {
    description:
      "Sets up an empty desk: makes its first superuser and signs it in. `code` is the setup code the server logs at start while it has no accounts. " +
      "FORBIDDEN (reason WRONG_SETUP_CODE) for another code, under the sign-in limits; CONFLICT (ALREADY_SET_UP) once any account exists; the password policy of `changePassword`.",
  })
  async setUpDesk(
    @Arg("code", () => String, { description: "The setup code from the server's log, e.g. k7mq-x3ra-9dfp." }) code: string,
    @Arg("username", () => String, { description: "The superuser's sign-in name: lower-case letters, digits, dot, dash, underscore." })
    username: string,
    @Arg("displayName", () => String, { description: "The name other staff see." }) displayName: string,
    @Arg("password", () => String, {
      description: "The superuser's password (at least 10 characters, not the username, not a common one).",
    })
    password: string,
    @Ctx() { services, clientIp }: AuthContext,
  ): Promise<AuthPayload> {
    const user = await services.guesses.guardSetup(clientIp, () => services.accounts.setUpDesk({ code, username, displayName, password }));
    return services.auth.login(user.username, password, clientIp);
  }

  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() { viewer, services }: AuthContext): Promise<User> {
    return services.auth.me(requireStaff(viewer));
  }
}
