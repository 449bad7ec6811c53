import { Ctx, Query, Resolver } from "type-graphql";
import type { SopContext } from "./sop.context.js";
import { SopType } from "./sop.types.js";

@Resolver()
export class SopResolver {
  @Query(() => SopType, {
    description: "The SOP in force now (read from the database, so every replica switches at a revision's instant), whole. Public.",
  })
  async sop(@Ctx() { services }: SopContext): Promise<SopType> {
    const { version, definition, effectiveAt } = await services.sops.inForceAt(services.clock.now());
    return { version, ...definition, effectiveAt: effectiveAt.getTime() === 0 ? null : effectiveAt } as unknown as SopType;
  }
}
