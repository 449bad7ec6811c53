import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from "type-graphql";
import type { CaseContext } from "./case.context.js";
import { selectedFieldNames } from "../gql/selection.js";
import { Stage, stepOf } from "../sop/sop.definition.js";
import { Case } from "./case.entity.js";
import { CaseFilter, RecordComplaintInput, SubmitComplaintInput } from "./case.inputs.js";
import type { PublicView } from "./case.queries.js";
import { Board, CaseConnection, PublicCase, RecordReceipt, SubmitReceipt } from "./case.types.js";
import { CaseAction, publicInputsOf } from "./case.workflow.js";

const ref = (caseId: string, expectedVersion: number) => ({ caseId, expectedVersion });
const VERSION = { description: "The case's version as last read." };
const CASE_ID = { description: "The case to act on." };
const TRACKING_NUMBER = { description: "The case's tracking number, as on the receipt; case-insensitive." };
const ACCESS_CODE = { description: "The secret access code given once at submission." };

@Resolver()
export class CaseResolver {
  @Query(() => Case, { description: "One case, if the caller may see it." })
  case(@Arg("id", () => ID, { description: "The case's id." }) id: string, @Ctx() { viewer, services }: CaseContext): Promise<Case> {
    return services.caseQueries.byId(viewer, id);
  }

  @Query(() => CaseConnection, { description: "Cases the caller may see, newest received first." })
  async cases(
    @Ctx() { viewer, services }: CaseContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => CaseFilter, { nullable: true, description: "Narrows the list; omit for all visible cases." }) filter?: CaseFilter,
    @Arg("first", () => Int, { defaultValue: 50, description: "1 to 500." }) first = 50,
    @Arg("after", () => String, {
      nullable: true,
      description: "Continue after this cursor (a previous page's endCursor); omit for the first page.",
    })
    after?: string,
  ): Promise<CaseConnection> {
    const page = await services.caseQueries.list(viewer, filter, first, after, {
      card: selectedFieldNames(info, ["edges", "node"]),
      opd: selectedFieldNames(info, ["edges", "node", "opd"]),
    });
    return {
      edges: page.nodes.map((node, i) => ({ node, cursor: page.cursors[i] })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => Board, { description: "The caller's visible cases grouped by SOP stage." })
  async board(
    @Ctx() { viewer, services }: CaseContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("filter", () => CaseFilter, { nullable: true, description: "Narrows the cases shown; omit for all visible cases." })
    filter?: CaseFilter,
    @Arg("perColumn", () => Int, { defaultValue: 50, description: "Cards per column, 1 to 500." }) perColumn = 50,
  ): Promise<Board> {
    const columns = await services.caseQueries.board(viewer, filter, perColumn, {
      card: selectedFieldNames(info, ["columns", "cards"]),
      opd: selectedFieldNames(info, ["columns", "cards", "opd"]),
    });
    const sop = services.sops.current().definition;
    return {
      generatedAt: services.clock.now(),
      columns: columns.map((col) => {
        const step = col.stage === Stage.CLOSED ? null : stepOf(sop, col.stage);
        return {
          ...col,
          stepNumber: step?.number ?? null,
          actingRole: step?.actor ?? null,
          timeStandard: step?.time.label ?? null,
        };
      }),
    };
  }

  @Query(() => PublicCase, { description: "The complainant's view of their case, opened with tracking number and access code." })
  async caseByTracking(
    @Arg("trackingNumber", () => String, TRACKING_NUMBER) trackingNumber: string,
    @Arg("accessCode", () => String, ACCESS_CODE) accessCode: string,
    @Ctx() { services, clientIp }: CaseContext,
  ): Promise<PublicCase> {
    return toPublicCase(
      await services.guesses.guard(clientIp, trackingNumber, () => services.caseQueries.publicView(trackingNumber, accessCode)),
    );
  }

  @Mutation(() => SubmitReceipt, { description: "A member of the public submits a complaint (portal). No sign-in." })
  async submitComplaint(
    @Arg("input", () => SubmitComplaintInput, { description: "The complaint." }) input: SubmitComplaintInput,
    @Ctx() { services }: CaseContext,
  ): Promise<SubmitReceipt> {
    const { case: c, accessCode } = await services.cases.submitComplaint(input);
    const view = await services.caseQueries.publicView(c.trackingNumber, accessCode);
    return { trackingNumber: c.trackingNumber, accessCode, case: toPublicCase(view) };
  }

  @Mutation(() => RecordReceipt, {
    description: "Step 1 intake: the Admin Instansi records a complaint from LAPOR!, MPP, WhatsApp, letter or walk-in.",
  })
  async recordComplaint(
    @Arg("input", () => RecordComplaintInput, { description: "The complaint and where it came in." }) input: RecordComplaintInput,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<RecordReceipt> {
    const { case: c, accessCode } = await services.cases.recordComplaint(viewer, input);
    return { trackingNumber: c.trackingNumber, accessCode, case: c };
  }

  @Mutation(() => Case, { description: "Step 1: the Admin Instansi conveys the complaint to an OPD." })
  forwardToOpd(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("opdId", () => ID, { description: "The OPD to handle it; must be active." }) opdId: string,
    @Ctx() { viewer, services }: CaseContext,
    @Arg("note", () => String, {
      nullable: true,
      description: "Optional internal note, up to 2,000 characters; not shown to the complainant.",
    })
    note?: string,
  ): Promise<Case> {
    return services.cases.forward(viewer, ref(caseId, expectedVersion), { opdId, note });
  }

  @Mutation(() => Case, { description: "Step 1: the Admin Instansi rejects it (not a complaint, duplicate, spam)." })
  rejectComplaint(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("reason", () => String, { description: "Why it is rejected, up to 2,000 characters; shown to the complainant." }) reason: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.reject(viewer, ref(caseId, expectedVersion), { reason });
  }

  @Mutation(() => Case, {
    description: "Step 1: the Admin Instansi transfers it out (needs audit or field inspection, or another agency).",
  })
  transferOut(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("reason", () => String, { description: "Why it is transferred out, up to 2,000 characters; shown to the complainant." })
    reason: string,
    @Arg("destination", () => String, {
      description: "Where it goes: the audit/field-inspection procedure or another agency; up to 200 characters.",
    })
    destination: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.transferOut(viewer, ref(caseId, expectedVersion), { reason, destination });
  }

  @Mutation(() => Case, { description: "Step 2: the Admin OPD gives the initial response and reports to the liaison." })
  acknowledgeComplaint(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("initialResponse", () => String, { description: "To the complainant (public)." }) initialResponse: string,
    @Arg("reportMaterial", () => String, { description: "For the liaison (internal)." }) reportMaterial: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.acknowledge(viewer, ref(caseId, expectedVersion), { initialResponse, reportMaterial });
  }

  @Mutation(() => Case, { description: "Step 2: the Admin OPD returns it to the Admin Instansi (not this OPD's authority)." })
  returnToInstansi(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("reason", () => String, { description: "Why it is not this OPD's authority, up to 2,000 characters; internal." }) reason: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.returnToInstansi(viewer, ref(caseId, expectedVersion), { reason });
  }

  @Mutation(() => Case, { description: "Step 3: the liaison submits the analysis and the answer, naming who was consulted." })
  submitAnswer(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("analysis", () => String, { description: "Internal." }) analysis: string,
    @Arg("answer", () => String, { description: "The answer to the complaint, to be delivered." }) answer: string,
    @Arg("consulted", () => String, { description: "The officer concerned who was consulted." }) consulted: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.submitAnswer(viewer, ref(caseId, expectedVersion), { analysis, answer, consulted });
  }

  @Mutation(() => Case, { description: "Step 4: the Admin OPD delivers the answer to the complainant, optionally reworded." })
  deliverAnswer(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Ctx() { viewer, services }: CaseContext,
    @Arg("answer", () => String, { nullable: true, description: "The final wording; omit to deliver as drafted." }) answer?: string,
  ): Promise<Case> {
    return services.cases.deliverAnswer(viewer, ref(caseId, expectedVersion), { answer });
  }

  @Mutation(() => Case, { description: "Step 4: the Admin OPD sends the answer back to the liaison for revision." })
  sendBackForRevision(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("reason", () => String, { description: "What to revise, up to 2,000 characters; internal." }) reason: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.sendBack(viewer, ref(caseId, expectedVersion), { reason });
  }

  @Mutation(() => PublicCase, { description: "Step 5: the complainant accepts the answer, optionally rating it 1 to 5." })
  async acceptAnswer(
    @Arg("trackingNumber", () => String, TRACKING_NUMBER) trackingNumber: string,
    @Arg("accessCode", () => String, ACCESS_CODE) accessCode: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Ctx() { services, clientIp }: CaseContext,
    @Arg("rating", () => Int, { nullable: true, description: "Optional satisfaction rating, 1 to 5." }) rating?: number,
    @Arg("comment", () => String, { nullable: true, description: "Optional comment, up to 2,000 characters." }) comment?: string,
  ): Promise<PublicCase> {
    await services.guesses.guard(clientIp, trackingNumber, () =>
      services.cases.accept({ trackingNumber, accessCode, expectedVersion }, { rating, comment }),
    );
    return toPublicCase(await services.caseQueries.publicView(trackingNumber, accessCode));
  }

  @Mutation(() => PublicCase, { description: "Step 5: the complainant replies to the answer; a new round begins." })
  async replyToAnswer(
    @Arg("trackingNumber", () => String, TRACKING_NUMBER) trackingNumber: string,
    @Arg("accessCode", () => String, ACCESS_CODE) accessCode: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("reply", () => String, { description: "The complainant's response to the answer, up to 10,000 characters." }) reply: string,
    @Ctx() { services, clientIp }: CaseContext,
  ): Promise<PublicCase> {
    await services.guesses.guard(clientIp, trackingNumber, () =>
      services.cases.reply({ trackingNumber, accessCode, expectedVersion }, { reply }),
    );
    return toPublicCase(await services.caseQueries.publicView(trackingNumber, accessCode));
  }

  @Mutation(() => Case, { description: "Step 5: the Admin OPD closes the case, no earlier than the step's minimum window." })
  closeCase(
    @Arg("caseId", () => ID, CASE_ID) caseId: string,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion: number,
    @Arg("reason", () => String, { description: "Why it is closed, up to 2,000 characters; shown to the complainant." }) reason: string,
    @Ctx() { viewer, services }: CaseContext,
  ): Promise<Case> {
    return services.cases.close(viewer, ref(caseId, expectedVersion), { reason });
  }
}

function latestInput(view: PublicView, action: CaseAction, key: string): string | null {
  const event = view.events.filter((e) => e.action === action && e.round === view.case.round).at(-1);
  return (event?.inputs[key] as string | undefined) ?? null;
}

export function toPublicCase(view: PublicView): PublicCase {
  const c = view.case;
  const awaiting = c.stage === Stage.CONFIRMATION;
  return {
    caseId: c.id,
    trackingNumber: c.trackingNumber,
    title: c.title,
    description: c.description,
    category: c.category,
    location: c.location,
    channel: c.channel,
    stage: c.stage,
    round: c.round,
    version: c.version,
    receivedAt: c.receivedAt,
    opdName: c.opd?.name ?? null,
    initialResponse: latestInput(view, CaseAction.ACKNOWLEDGE, "initialResponse"),
    answer: latestInput(view, CaseAction.DELIVER_ANSWER, "answer"),
    awaitingComplainant: awaiting,
    autoCloseAt: awaiting ? c.stageDueAt : null,
    timeline: view.events.map((e) => ({
      at: e.at,
      action: e.action,
      stage: e.toStage,
      details: publicInputsOf(e.fromStage, e.action, e.inputs) ?? {},
    })),
  };
}
