import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Case } from "../case/case.entity.js";
import { Attachment } from "./attachment.entity.js";

@Resolver(() => Case)
export class CaseAttachmentsResolver {
  @FieldResolver(() => [Attachment], {
    description: "Files kept with the case, oldest first. Upload: POST /cases/{id}/attachments (multipart); download: GET /attachments/{id}.",
  })
  attachments(@Root() c: Case, @Ctx() { loaders }: Context): Promise<Attachment[]> {
    return loaders.attachments.load(c.id);
  }
}

@Resolver(() => Attachment)
export class AttachmentResolver {
  @Mutation(() => Attachment, { description: "Shows a file to the complainant on the portal, or hides it again." })
  setAttachmentPublic(
    @Arg("id", () => ID, { description: "The attachment's id." }) id: string,
    @Arg("public", () => Boolean, { description: "True to show it to the complainant, false to hide it." }) value: boolean,
    @Ctx() { viewer, services }: Context,
  ): Promise<Attachment> {
    return services.attachments.setPublic(viewer, id, value);
  }
}
