import "./enums.js";
import { GraphQLEnumType, GraphQLSchema, printSchema } from "graphql";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { AccountResolver } from "../auth/account.resolver.js";
import { ApiTokenResolver } from "../auth/api-token.resolver.js";
import { AuthResolver } from "../auth/auth.resolver.js";
import { DisplayTokenResolver } from "../auth/display-token.resolver.js";
import { OpdResolver } from "../auth/opd.resolver.js";
import { CaseAssignmentResolver } from "../case/case-assignment.resolver.js";
import { CaseFieldsResolver, StageVisitFieldsResolver } from "../case/case-fields.resolver.js";
import { CaseIntakeResolver } from "../case/case-intake.resolver.js";
import { CaseNoteResolver } from "../case/case-note.resolver.js";
import { CaseSubscriptionResolver } from "../case/case-subscription.resolver.js";
import { CaseResolver } from "../case/case.resolver.js";
import { SopTransitionsResolver } from "../case/workflow.resolver.js";
import { AdminTrailResolver } from "../records/admin-trail.resolver.js";
import { AnswerTemplateResolver } from "../records/answer-template.resolver.js";
import { AttachmentResolver, CaseAttachmentsResolver, PublicCaseAttachmentsResolver } from "../records/attachment.resolver.js";
import { ReportResolver } from "../records/report.resolver.js";
import { SopRevisionResolver } from "../records/sop-revision.resolver.js";
import { ErrorCode } from "../errors.js";
import { CalendarResolver } from "../sla/calendar.resolver.js";
import { CaseSlaResolver, SlaResolver, VisitSlaResolver } from "../sla/sla.resolver.js";
import { SopResolver } from "../sop/sop.resolver.js";

/** type-graphql has no option for the root types' descriptions; they are set on the built schema. */
const ROOT_DESCRIPTIONS = {
  Query:
    "Reads: the signed-in user, OPDs, cases and the board, duplicate checks, the SOP, the calendar, compliance reports, display and API tokens and their use, answer templates; and the complainant's view of their case.",
  Mutation:
    "Writes: sign-in, complaint intake, SOP actions on cases, attachments, WhatsApp sharing, calendar days off, and setup of OPDs, staff accounts, answer templates, display tokens and API tokens.",
  Subscription: "Live updates over graphql-ws: case changes, SLA countdowns and SLA alerts.",
} as const;

/**
 * Enums registered in enums.ts that no field or argument uses, emitted all the same: ErrorCode (the
 * codes travel in `extensions.code`), so clients generate every code. type-graphql emits an enum only
 * where something uses it, and its `orphanedTypes` takes classes only.
 */
const UNREFERENCED_ENUMS: object[] = [ErrorCode];

/** A registered enum as type-graphql builds one: its name, description and each value's description. */
function enumType(enumObj: object): GraphQLEnumType {
  const registered = getMetadataStorage().enums.find((e) => e.enumObj === enumObj);
  if (!registered) throw new Error("register the enum in enums.ts first");
  const descriptions = registered.valuesConfig as Record<string, { description?: string } | undefined>;
  return new GraphQLEnumType({
    name: registered.name,
    description: registered.description,
    values: Object.fromEntries(
      Object.entries(enumObj)
        .filter(([key]) => Number.isNaN(Number(key))) // a numeric enum's reverse mapping
        .map(([key, value]) => [key, { value, description: descriptions[key]?.description }]),
    ),
  });
}

/**
 * The board's types (Case, Opd, SlaStatusType, BoardColumn, Board) declare `simpleResolvers`: their
 * plain fields resolve by graphql-js's default, without type-graphql's wrapper per field (~2,500 on
 * a board). That holds while the schema has no global middleware and no `@Authorized` field.
 */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: [
      AuthResolver,
      OpdResolver,
      DisplayTokenResolver,
      ApiTokenResolver,
      SopResolver,
      SopTransitionsResolver,
      CaseResolver,
      CaseFieldsResolver,
      CaseIntakeResolver,
      StageVisitFieldsResolver,
      CaseSubscriptionResolver,
      CaseAssignmentResolver,
      CaseNoteResolver,
      SlaResolver,
      CalendarResolver,
      CaseSlaResolver,
      VisitSlaResolver,
      ReportResolver,
      AdminTrailResolver,
      SopRevisionResolver,
      AnswerTemplateResolver,
      CaseAttachmentsResolver,
      PublicCaseAttachmentsResolver,
      AttachmentResolver,
      AccountResolver,
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
  const config = built.toConfig();
  const unreferenced = UNREFERENCED_ENUMS.map(enumType).filter((type) => !built.getType(type.name)); // once a field uses one, type-graphql emits it
  const schema = new GraphQLSchema({ ...config, types: [...config.types, ...unreferenced] });
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (type) type.description = ROOT_DESCRIPTIONS[type.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}

/** The committed schema.graphql is exactly this text; a test fails when they differ. */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(await buildAppSchema())}\n`;
}
