import { Arg, Ctx, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { AuthContext } from "./auth.context.js";
import { requireStaff, requireStaffOrDisplay } from "./viewer.js";
import { Opd } from "./opd.entity.js";
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

  @Query(() => [Opd], { description: "The city's OPDs. Also for display tokens." })
  opds(@Ctx() context: AuthContext): Promise<Opd[]> {
    requireStaffOrDisplay(context);
    return context.services.auth.listOpds();
  }

  @Mutation(() => Opd, { description: "Superuser: add an OPD." })
  createOpd(
    @Arg("code", () => String, { description: "Short unique code, up to 32 characters; stored in upper case." }) code: string,
    @Arg("name", () => String, { description: "Full name of the department, up to 200 characters." }) name: string,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<Opd> {
    return services.auth.createOpd(viewer, { code, name });
  }

  @Mutation(() => Opd, { description: "Superuser: activate or deactivate an OPD; an inactive OPD cannot receive forwarded complaints." })
  setOpdActive(
    @Arg("opdId", () => ID, { description: "The OPD to change." }) opdId: string,
    @Arg("active", () => Boolean, { description: "False takes it off the forwarding list; its running cases stay." }) active: boolean,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<Opd> {
    return services.auth.setOpdActive(viewer, opdId, active);
  }
}
