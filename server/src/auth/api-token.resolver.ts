import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import type { AuthContext } from "./auth.context.js";
import { connectionOf, toConnection, type Connection } from "../gql/connection.js";
import { Role } from "../sop/sop.definition.js";
import { ApiScope } from "./api-scope.js";
import { ApiToken, ApiTokenUse } from "./api-token.entity.js";

const ApiTokenConnection = connectionOf(ApiToken, "API token");
const ApiTokenUseConnection = connectionOf(ApiTokenUse, "use of an API token");

@ObjectType({ description: "A new API token. The token is shown this once; only its hash is kept." })
export class ApiTokenPayload {
  @Field(() => String, { description: "Send as `Authorization: Bearer <token>`, or as `authorization` in graphql-ws connectionParams." })
  token: string;

  @Field(() => ApiToken, { description: "The stored record of the token, for listing and revoking." })
  apiToken: ApiToken;
}

@Resolver()
export class ApiTokenResolver {
  // type-graphql lists arguments last parameter first; this order prints (label, role, opdId, scopes, days).
  @Mutation(() => ApiTokenPayload, {
    description:
      "Admin Instansi or superuser: an API token for a third-party client. It holds one role (ADMIN_INSTANSI city-wide, or ADMIN_OPD/LIAISON of one OPD) and may only do what that role may, narrowed by its scopes; it never sees a complainant's identity.",
  })
  createApiToken(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("days", () => Int, { defaultValue: 90, description: "Valid for 1 to 365 days." }) days: number,
    @Arg("scopes", () => [ApiScope], { description: "At least one scope." }) scopes: ApiScope[],
    @Arg("opdId", () => ID, { nullable: true, description: "The OPD of an OPD role; null for ADMIN_INSTANSI." })
    opdId: string | null | undefined,
    @Arg("role", () => Role, { description: "ADMIN_INSTANSI, ADMIN_OPD or LIAISON." }) role: Role,
    @Arg("label", () => String, { description: "1 to 80 characters: who uses it." }) label: string,
  ): Promise<ApiTokenPayload> {
    return services.apiTokens.create(viewer, { label, role, opdId, scopes, days });
  }

  @Mutation(() => ApiToken, {
    description: "Revoke an API token: refused from its next request, and its open subscriptions are closed (code 4403).",
  })
  revokeApiToken(
    @Arg("id", () => ID, { description: "The API token's id." }) id: string,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<ApiToken> {
    return services.apiTokens.revoke(viewer, id);
  }

  @Query(() => ApiTokenConnection, { description: "Admin Instansi or superuser: the API tokens, newest first." })
  async apiTokens(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 200." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
    after?: string,
  ): Promise<Connection<ApiToken>> {
    return toConnection(await services.apiTokens.list(viewer, first, after));
  }

  @Query(() => ApiTokenUseConnection, { description: "Admin Instansi or superuser: what an API token did, newest first." })
  async apiTokenUses(
    @Ctx() { viewer, services }: AuthContext,
    @Arg("tokenId", () => ID, { description: "The API token's id." }) tokenId: string,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 500." }) first: number,
    @Arg("after", () => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
    after?: string,
  ): Promise<Connection<ApiTokenUse>> {
    return toConnection(await services.apiTokens.uses(viewer, tokenId, first, after));
  }

  @Query(() => ApiToken, { description: "For an API token: the token it is, with its role, OPD, scopes and expiry." })
  apiToken(@Ctx() { viewer, services }: AuthContext): Promise<ApiToken> {
    return services.apiTokens.current(viewer);
  }
}
