import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { CaseContext } from "./case.context.js";
import { DuplicateCandidate, WhatsAppShare } from "./case.types.js";

@Resolver()
export class CaseIntakeResolver {
  @Query(() => [DuplicateCandidate], {
    description:
      "Admin Instansi at intake: earlier cases with the same LAPOR! id, or very similar text from the same contact in the last 30 days.",
  })
  duplicateCandidates(
    @Arg("title", () => String, { description: "The new complaint's title." }) title: string,
    @Arg("description", () => String, { description: "The new complaint's description." }) description: string,
    @Ctx() { viewer, services }: CaseContext,
    @Arg("laporTrackingId", () => String, { nullable: true, description: "The SP4N-LAPOR! tracking id, if any." }) laporTrackingId?: string,
    @Arg("complainantContact", () => String, { nullable: true, description: "Phone or e-mail; without it only the LAPOR! id is compared." })
    complainantContact?: string,
  ): Promise<DuplicateCandidate[]> {
    return services.duplicates.candidates(viewer, { laporTrackingId, title, description, complainantContact });
  }

  @Mutation(() => WhatsAppShare, {
    description:
      "Admin Instansi (any case) or Admin OPD (own OPD): a WhatsApp link for the coordination group; noted in Case.shares, the case's version is untouched.",
  })
  shareToWhatsApp(
    @Arg("caseId", () => ID, { description: "The case to share." }) caseId: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<WhatsAppShare> {
    return services.shares.shareToWhatsApp(viewer, caseId);
  }
}
