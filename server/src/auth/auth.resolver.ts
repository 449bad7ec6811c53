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

  @Query(() => User, { description: "The signed-in user." })
  me(@Ctx() { viewer, services }: AuthContext): Promise<User> {
    return services.auth.me(requireStaff(viewer));
  }
}
