import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { connectionOf, toConnection, type Connection } from "../gql/connection.js";
import { trailFilter } from "./admin-trail.service.js";
import { AdminChange, AdminTrailFilter } from "./admin-trail.types.js";
import type { RecordsContext } from "./records.context.js";

const AdminChangeConnection = connectionOf(AdminChange, "administrative change");

// type-graphql lists arguments last parameter first: this order prints (filter, first, after).
@Resolver()
export class AdminTrailResolver {
  @Query(() => AdminChangeConnection, {
    description:
      "Superuser and Admin Instansi: the administration trail, newest first: every change to accounts, OPDs, the SOP, the calendar and tokens, with who, when and each field before and after (never a password or a secret). Not for API tokens. Exported as GET /exports/admin-trail.csv|json with the same filters.",
  })
  async adminTrail(
    @Ctx() { viewer, services }: RecordsContext,
    @Arg("after", () => String, { nullable: true, description: "Continue after this cursor (a previous page's endCursor)." })
    after: string | null | undefined,
    @Arg("first", () => Int, { defaultValue: 50, description: "Page size, 1 to 200." }) first: number,
    @Arg("filter", () => AdminTrailFilter, { nullable: true, description: "Which entries; all when omitted." })
    filter: AdminTrailFilter | null | undefined,
  ): Promise<Connection<AdminChange>> {
    return toConnection(await services.adminTrail.list(viewer, trailFilter(filter), first, after));
  }
}
