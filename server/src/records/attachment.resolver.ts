import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { RecordsContext } from "./records.context.js";
import { Case } from "../case/case.entity.js";
import { PublicCase } from "../case/case.types.js";
import { Attachment } from "./attachment.entity.js";
import { PublicAttachment } from "./attachment.types.js";

@Resolver(() => Case)
export class CaseAttachmentsResolver {
  @FieldResolver(() => [Attachment], {
    description:
      "Files kept with the case, oldest first. Upload: POST /cases/{id}/attachments (multipart); download: GET /attachments/{id}.",
  })
  attachments(@Root() c: Case, @Ctx() { loaders }: RecordsContext): Promise<Attachment[]> {
    return loaders.attachments.load(c.id);
  }
}

@Resolver(() => PublicCase)
export class PublicCaseAttachmentsResolver {
  @FieldResolver(() => [PublicAttachment], { description: "The files staff marked public, and the complainant's own." })
  async attachments(@Root() c: PublicCase, @Ctx() { loaders }: RecordsContext): Promise<PublicAttachment[]> {
    const files = await loaders.publicAttachments.load(c.caseId);
    return files.map(({ id, fileName, mediaType, sizeBytes, sha256, uploadedAt }) => ({
      id,
      fileName,
      mediaType,
      sizeBytes,
      sha256,
      uploadedAt,
    }));
  }
}

@Resolver(() => Attachment)
export class AttachmentResolver {
  @Mutation(() => Attachment, { description: "Shows a file to the complainant on the portal, or hides it again." })
  setAttachmentPublic(
    @Arg("id", () => ID, { description: "The attachment's id." }) id: string,
    @Arg("public", () => Boolean, { description: "True to show it to the complainant, false to hide it." }) value: boolean,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<Attachment> {
    return services.attachments.setPublic(viewer, id, value);
  }
}
