import { Arg, Ctx, ID, Mutation, Resolver, Root, Subscription } from "type-graphql";
import type { CaseContext } from "./case.context.js";
import { CaseNote } from "./case-note.entity.js";

@Resolver(() => CaseNote)
export class CaseNoteResolver {
  @Mutation(() => CaseNote, {
    description:
      "Writes a note on the case's internal thread (staff of its scope; no API token). Never shown to the complainant; never changed afterwards: to correct one, write another with `strikes`.",
  })
  addCaseNote(
    @Arg("caseId", () => ID, { description: "The case." }) caseId: string,
    @Arg("body", () => String, { description: "The note, up to 10,000 characters; @username mentions a colleague." }) body: string,
    @Ctx() { viewer, services }: CaseContext,
    @Arg("attachmentId", () => ID, { nullable: true, description: "A file of the same case to refer to (upload it first)." })
    attachmentId?: string,
    @Arg("strikes", () => ID, {
      nullable: true,
      description: "An earlier note of the case this one strikes through (its writer's, or any for an admin); once per note.",
    })
    strikes?: string,
  ): Promise<CaseNote> {
    return services.notes.add(viewer, caseId, { body, attachmentId, strikes });
  }

  @Subscription(() => CaseNote, {
    description:
      "Each note written on one case, as it is written: for a case page left open. Once the case leaves the subscriber's OPD (returned to the Admin Instansi, forwarded elsewhere), its later notes are not sent.",
    subscribe: ({ args, context }: { args: { caseId: string }; context: CaseContext }) =>
      context.services.notes.live(context.viewer, args.caseId, context.fallBehind),
  })
  caseNoteAdded(@Arg("caseId", () => ID, { description: "The case to listen to." }) _caseId: string, @Root() note: CaseNote): CaseNote {
    return note;
  }
}
