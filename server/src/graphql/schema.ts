import "./enums.js";
import { printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuthResolver } from "../auth/auth.resolver.js";
import { DisplayTokenResolver } from "../auth/display-token.resolver.js";
import { CaseFieldsResolver, StageVisitFieldsResolver } from "../case/case-fields.resolver.js";
import { CaseIntakeResolver } from "../case/case-intake.resolver.js";
import { CaseSubscriptionResolver } from "../case/case-subscription.resolver.js";
import { CaseResolver } from "../case/case.resolver.js";
import { SopTransitionsResolver } from "../case/workflow.resolver.js";
import { AttachmentResolver, CaseAttachmentsResolver } from "../records/attachment.resolver.js";
import { ReportResolver } from "../records/report.resolver.js";
import { CaseSlaResolver, SlaResolver, VisitSlaResolver } from "../sla/sla.resolver.js";
import { SopResolver } from "../sop/sop.resolver.js";

export function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      AuthResolver,
      DisplayTokenResolver,
      SopResolver,
      SopTransitionsResolver,
      CaseResolver,
      CaseFieldsResolver,
      CaseIntakeResolver,
      StageVisitFieldsResolver,
      CaseSubscriptionResolver,
      SlaResolver,
      CaseSlaResolver,
      VisitSlaResolver,
      ReportResolver,
      CaseAttachmentsResolver,
      AttachmentResolver,
    ],
    validate: false,
    // Every subscription names its own `subscribe` over the RealtimeBus; topic-based ones are refused.
    pubSub: {
      publish: () => {
        throw new Error("publish through RealtimeBus");
      },
      subscribe: () => {
        throw new Error("subscribe through RealtimeBus");
      },
    },
  });
}

/** The committed schema.graphql is exactly this text; a test fails when they differ. */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(await buildAppSchema())}\n`;
}
