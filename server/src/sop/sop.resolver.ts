import { Ctx, Query, Resolver } from "type-graphql";
import type { SopContext } from "./sop.context.js";
import { SopType } from "./sop.types.js";

@Resolver()
export class SopResolver {
  @Query(() => SopType, { description: "The SOP in force, whole. Public." })
  sop(@Ctx() { services }: SopContext): SopType {
    const { version, definition } = services.sops.current();
    return { version, ...definition };
  }
}
