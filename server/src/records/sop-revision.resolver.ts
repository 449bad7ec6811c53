import { Arg, Ctx, FieldResolver, GraphQLISODateTime, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SopDefinition } from "../sop/sop.definition.js";
import { SopDraftType, SopRevisionInput, SopVersionType } from "../sop/sop.types.js";
import type { RecordsContext } from "./records.context.js";
import { SopProjectionRow } from "./sop-revision.types.js";

@Resolver(() => SopDraftType)
export class SopRevisionResolver {
  @Query(() => [SopVersionType], { description: "Every stored SOP version, newest first, with its status and what it changed. Staff." })
  sopVersions(@Ctx() { viewer, services }: RecordsContext): Promise<SopVersionType[]> {
    return services.sopRevisions.versions(viewer);
  }

  @Query(() => SopDraftType, { nullable: true, description: "The SOP revision being prepared, or null. Admin Instansi and superuser." })
  sopDraft(@Ctx() { viewer, services }: RecordsContext): Promise<SopDraftType | null> {
    return services.sopRevisions.draft(viewer);
  }

  @Mutation(() => SopDraftType, {
    description: "Opens the one draft revision, a copy of the newest version; CONFLICT while one is open. Admin Instansi and superuser.",
  })
  openSopDraft(@Ctx() { viewer, services }: RecordsContext): Promise<SopDraftType> {
    return services.sopRevisions.open(viewer);
  }

  @Mutation(() => SopDraftType, {
    description:
      "Replaces what the draft may change (header, warning share, each step's text and time standard), validated whole. Admin Instansi and superuser.",
  })
  updateSopDraft(
    @Arg("expectedRevision", () => Int, { description: "The draft's revision as read; VERSION_CONFLICT when it changed since." })
    expectedRevision: number,
    @Arg("revision", () => SopRevisionInput, { description: "The draft's new revisable content, whole." }) revision: SopRevisionInput,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<SopDraftType> {
    return services.sopRevisions.edit(viewer, expectedRevision, revision);
  }

  @Mutation(() => Boolean, { description: "Discards the draft revision. Admin Instansi and superuser." })
  discardSopDraft(
    @Arg("expectedRevision", () => Int, { description: "The draft's revision as read; VERSION_CONFLICT when it changed since." })
    expectedRevision: number,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<boolean> {
    return services.sopRevisions.discard(viewer, expectedRevision);
  }

  @Mutation(() => SopVersionType, {
    description:
      "Publishes the draft as the next SOP version. Cases submitted from effectiveAt on get it; running cases keep theirs. Admin Instansi and superuser.",
  })
  publishSopDraft(
    @Arg("expectedRevision", () => Int, {
      description: "The draft's revision as read; VERSION_CONFLICT when it changed or was published since.",
    })
    expectedRevision: number,
    @Ctx() { viewer, services }: RecordsContext,
    @Arg("effectiveAt", () => GraphQLISODateTime, {
      nullable: true,
      description: "When the version comes into force; now when omitted; never in the past nor before the newest version's.",
    })
    effectiveAt?: Date | null,
  ): Promise<SopVersionType> {
    return services.sopRevisions.publish(viewer, expectedRevision, effectiveAt);
  }

  @FieldResolver(() => [SopProjectionRow], {
    description:
      "Mutu Baku compliance the last 3, 6 and 12 months would have had: per step, the stored visits' measured time against the standard in force and the draft's.",
  })
  projection(@Root() draft: SopDraftType, @Ctx() { viewer, services }: RecordsContext): Promise<SopProjectionRow[]> {
    return services.sopRevisions.projection(viewer, draft.sop as unknown as SopDefinition);
  }
}
