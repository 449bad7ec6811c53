import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { TemplateUse } from "../case/case.workflow.js";
import { AnswerTemplate } from "./answer-template.entity.js";
import type { AnswerTemplateFields } from "./answer-template.service.js";
import type { RecordsContext } from "./records.context.js";

const PLACEHOLDER_NOTE =
  "Placeholders: {nomor} (tracking number), {judul} (title), {opd} (the OPD's name), {tanggal_terima} (date received), {batas_waktu} (the current step's deadline); dates in WITA, in Indonesian. Any other {…} is refused (VALIDATION, field `body`, `unknownPlaceholders` lists them).";

/** What a manager sets on a template, as arguments of createAnswerTemplate and updateAnswerTemplate. */
@ArgsType()
export class AnswerTemplateArgs implements AnswerTemplateFields {
  @Field(() => String, {
    description: "Its name in the dialog's list, up to 200 characters; unique within its OPD (or city-wide), whatever the case.",
  })
  name: string;

  @Field(() => TemplateUse, { description: "The step and input it fills. REJECTION only city-wide." })
  use: TemplateUse;

  @Field(() => String, { description: `The text: up to 2,000 characters for REJECTION and CLOSING, 10,000 otherwise. ${PLACEHOLDER_NOTE}` })
  body: string;
}

/** Answer templates: read by staff, managed per scope, filled per case. */
@Resolver()
export class AnswerTemplateResolver {
  @Query(() => [AnswerTemplate], {
    description:
      "Staff: the answer templates the viewer may read (OPD staff: their OPD's and the city-wide ones; city roles: all), OPD ones first, then by use and name.",
  })
  answerTemplates(
    @Ctx() { viewer, services }: RecordsContext,
    @Arg("includeInactive", () => Boolean, { defaultValue: false, description: "Deactivated templates too." }) includeInactive: boolean,
  ): Promise<AnswerTemplate[]> {
    return services.answerTemplates.list(viewer, includeInactive);
  }

  @Query(() => [AnswerTemplate], {
    description:
      "The active templates of one use that fit a case the viewer may see: the case's OPD's first, then the city-wide ones, by name. What a step dialog offers.",
  })
  caseAnswerTemplates(
    @Arg("caseId", () => ID, { description: "The case." }) caseId: string,
    @Arg("use", () => TemplateUse, { description: "The step's input." }) use: TemplateUse,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<AnswerTemplate[]> {
    return services.answerTemplates.forCase(viewer, caseId, use);
  }

  @Query(() => String, {
    description:
      "A template's text filled from a case the viewer may see. The template must be active and city-wide or the case's OPD's (else VALIDATION, field `templateId`).",
  })
  renderTemplate(
    @Arg("templateId", () => ID, { description: "The template." }) templateId: string,
    @Arg("caseId", () => ID, { description: "The case it is filled from." }) caseId: string,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<string> {
    return services.answerTemplates.render(viewer, templateId, caseId);
  }

  @Query(() => String, {
    description: `Staff: a template text as it would read, filled from a sample case, checked as a save would check it. ${PLACEHOLDER_NOTE}`,
  })
  previewAnswerTemplate(
    @Arg("body", () => String, { description: "The text to fill." }) body: string,
    @Arg("use", () => TemplateUse, { description: "The use it is for (its length limit)." }) use: TemplateUse,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<string> {
    return services.answerTemplates.preview(viewer, body, use);
  }

  @Mutation(() => AnswerTemplate, {
    description:
      "Adds a template, active: an OPD's (opdId, by that OPD's Admin OPD) or city-wide (no opdId, by the Admin Instansi or the superuser). A name taken in that scope is CONFLICT (field `name`). Recorded in the administration trail (ANSWER_TEMPLATE_CREATED).",
  })
  createAnswerTemplate(
    @Args(() => AnswerTemplateArgs) fields: AnswerTemplateArgs,
    @Ctx() { viewer, services }: RecordsContext,
    @Arg("opdId", () => ID, { nullable: true, description: "The OPD whose template it is; absent for a city-wide one. Never changes." })
    opdId?: string | null,
  ): Promise<AnswerTemplate> {
    return services.answerTemplates.create(viewer, opdId, fields);
  }

  @Mutation(() => AnswerTemplate, {
    description:
      "Edits a template's name, use and text, by whoever manages it. Recorded in the administration trail (ANSWER_TEMPLATE_UPDATED) when something changed.",
  })
  updateAnswerTemplate(
    @Args(() => AnswerTemplateArgs) fields: AnswerTemplateArgs,
    @Arg("templateId", () => ID, { description: "The template to edit." }) templateId: string,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<AnswerTemplate> {
    return services.answerTemplates.update(viewer, templateId, fields);
  }

  @Mutation(() => AnswerTemplate, {
    description:
      "Deactivates a template (kept, no longer offered) or activates it again, by whoever manages it. Recorded in the administration trail (ANSWER_TEMPLATE_DEACTIVATED, ANSWER_TEMPLATE_ACTIVATED) when it changed.",
  })
  setAnswerTemplateActive(
    @Arg("templateId", () => ID, { description: "The template to change." }) templateId: string,
    @Arg("active", () => Boolean, { description: "False: no longer offered in the step dialogs." }) active: boolean,
    @Ctx() { viewer, services }: RecordsContext,
  ): Promise<AnswerTemplate> {
    return services.answerTemplates.setActive(viewer, templateId, active);
  }
}
