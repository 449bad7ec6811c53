import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { AuthContext } from "./auth.context.js";
import { connectionOf, toConnection, type Connection } from "../gql/connection.js";
import { DisplayToken } from "./display-token.entity.js";

const DisplayTokenConnection = connectionOf(DisplayToken, "display token");

@ObjectType({ description: "A new display token. The token is shown this once; open the wall monitor with it." })
export class DisplayTokenPayload {
  @Field(() => String, { description: "Send as `Authorization: Bearer <token>`, or as `authorization` in graphql-ws connectionParams." })
  token: string;

  @Field(() => DisplayToken, { description: "The stored record of the token, for listing and revoking." })
  displayToken: DisplayToken;
}

@Resolver()
export class DisplayTokenResolver {
  // type-graphql lists arguments last parameter first; this order prints (label, opdId, days).
  @Mutation(() => DisplayTokenPayload, {
    description:
      "Admin Instansi or superuser: a read-only token for a wall monitor, of any OPD or city-wide. Admin OPD: of its own OPD only.",
  })
  createDisplayToken(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("days", () => Int, { defaultValue: 30, description: "Valid for 1 to 365 days." }) days: number,
    @Arg("opdId", () => ID, {
      nullable: true,
      description: "The OPD to show; null for city-wide (an Admin OPD's own OPD for an Admin OPD).",
    })
    opdId: string | null | undefined,
    @Arg("label", () => String, { description: "1 to 80 characters, e.g. where the screen hangs." }) label: string,
  ): Promise<DisplayTokenPayload> {
    return services.displays.create(viewer, { label, opdId, days });
  }

  @Mutation(() => DisplayToken, {
    description: "Revoke a display token; screens using it are refused from their next request or connection.",
  })
  revokeDisplayToken(
    @Arg("id", () => ID, { description: "The display token's id." }) id: string,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<DisplayToken> {
    return services.displays.revoke(viewer, id);
  }

  @Query(() => DisplayTokenConnection, {
    description: "The display tokens the caller may manage, newest first: its OPD's for an Admin OPD, all for city roles.",
  })
  async displayTokens(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 200." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
    after?: string,
  ): Promise<Connection<DisplayToken>> {
    return toConnection(await services.displays.list(viewer, first, after));
  }

  @Query(() => DisplayToken, {
    description: "For a wall monitor: the display token it signed in with, so it can show its label and scope.",
  })
  display(@Ctx() context: AuthContext): Promise<DisplayToken> {
    return context.services.displays.current(context);
  }
}
