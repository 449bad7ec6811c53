import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { Role, Stage } from "../sop/sop.definition.js";
import { DuplicateReason } from "./case-duplicates.js";
import { Case, Channel } from "./case.entity.js";
import { CaseAction } from "./case.workflow.js";
import { PageInfo } from "../gql/page-info.js";

@ObjectType({ description: "Identity of a complainant, shown only to those who may see it." })
export class Complainant {
  @Field(() => String, { description: "The complainant's name." })
  name: string;

  @Field(() => String, { nullable: true, description: "Phone or e-mail, if given." })
  contact: string | null;
}

@ObjectType({ description: "A person of the case's OPD the case is given to, or who may be given it." })
export class CaseAssignee {
  @Field(() => ID, { description: "The account's id; pass it as assigneeId." })
  id: string;

  @Field(() => String, { description: "Sign-in name, lower case; what a note mentions as @username." })
  username: string;

  @Field(() => String, { description: "The name shown to other staff." })
  displayName: string;

  @Field(() => Role, { description: "LIAISON or OFFICER." })
  role: Role;
}

@ObjectType({ description: "A case in a page of cases." })
export class CaseEdge {
  @Field(() => String, { description: "Opaque position of this case; pass it as `after` to continue after it." })
  cursor: string;

  @Field(() => Case, { description: "The case." })
  node: Case;
}

@ObjectType({ description: "A page of cases, newest received first." })
export class CaseConnection {
  @Field(() => [CaseEdge], { description: "The cases on this page." })
  edges: CaseEdge[];

  @Field(() => PageInfo, { description: "Whether and where the next page starts." })
  pageInfo: PageInfo;

  @Field(() => Int, { description: "All cases matching the filter, across pages." })
  totalCount: number;
}

@ObjectType({ description: "One column of the kanban board: an SOP stage.", simpleResolvers: true })
export class BoardColumn {
  @Field(() => Stage, { description: "The stage this column shows." })
  stage: Stage;

  @Field(() => Int, { nullable: true, description: "The SOP step number; null for CLOSED." })
  stepNumber: number | null;

  @Field(() => Role, { nullable: true, description: "Who acts at this stage." })
  actingRole: Role | null;

  @Field(() => String, { nullable: true, description: 'The SOP\'s time standard, e.g. "2 Jam".' })
  timeStandard: string | null;

  @Field(() => Int, { description: "All visible cases at this stage." })
  count: number;

  @Field(() => Int, { description: "Visible cases at this stage past their deadline (always 0 for CLOSED)." })
  overdueCount: number;

  @Field(() => [Case], { description: "Most urgent first (closed: most recent first), up to perColumn." })
  cards: Case[];
}

@ObjectType({ description: "The caller's visible cases grouped by stage.", simpleResolvers: true })
export class Board {
  @Field(() => [BoardColumn], { description: "One column per stage, in SOP order, CLOSED last." })
  columns: BoardColumn[];

  @Field(() => GraphQLISODateTime, { description: "Server time the board was read at." })
  generatedAt: Date;
}

@ObjectType({ description: "A step of the complainant's public timeline." })
export class PublicEvent {
  @Field(() => GraphQLISODateTime, { description: "When it happened." })
  at: Date;

  @Field(() => CaseAction, { description: "What was done." })
  action: CaseAction;

  @Field(() => Stage, { description: "The stage the case moved to." })
  stage: Stage;

  @Field(() => GraphQLJSONObject, { description: "Only the parts meant for the complainant." })
  details: Record<string, unknown>;
}

@ObjectType({ description: "A case as its complainant sees it: no internal notes, no staff names." })
export class PublicCase {
  @Field(() => String, { description: "The case's tracking number." })
  trackingNumber: string;

  @Field(() => String, { description: "Short summary of the complaint." })
  title: string;

  @Field(() => String, { description: "The complaint as submitted." })
  description: string;

  @Field(() => String, { description: 'Category; "Umum" when none was given.' })
  category: string;

  @Field(() => String, { nullable: true, description: "Where it happened, as the complainant wrote it." })
  location: string | null;

  @Field(() => Channel, { description: "Where the complaint came in." })
  channel: Channel;

  @Field(() => Stage, { description: "The SOP stage the case is at now." })
  stage: Stage;

  @Field(() => Int, { description: "1, then one more for each reply to an answer." })
  round: number;

  @Field(() => Int, { description: "Pass it back as expectedVersion when accepting or replying." })
  version: number;

  @Field(() => GraphQLISODateTime, { description: "When the complaint was received." })
  receivedAt: Date;

  @Field(() => String, { nullable: true, description: "The department handling it." })
  opdName: string | null;

  @Field(() => String, { nullable: true, description: "The initial response of this round." })
  initialResponse: string | null;

  @Field(() => String, { nullable: true, description: "The answer, once delivered." })
  answer: string | null;

  @Field(() => Boolean, { description: "Whether the complainant may accept or reply now (step 5)." })
  awaitingComplainant: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the case closes by itself if the complainant stays silent." })
  autoCloseAt: Date | null;

  @Field(() => [PublicEvent], { description: "What has happened so far, oldest first; internal steps are left out." })
  timeline: PublicEvent[];

  /** Not a field: what the records module's fields of this type read by. */
  caseId: string;
}

@ObjectType({ description: "What the complainant keeps after submitting." })
export class SubmitReceipt {
  @Field(() => String, { description: "The new case's tracking number." })
  trackingNumber: string;

  @Field(() => String, { description: "Shown once; with the tracking number it opens the case." })
  accessCode: string;

  @Field(() => PublicCase, { description: "The new case as the complainant sees it." })
  case: PublicCase;
}

@ObjectType({ description: "A recorded complaint and its access code, for the Admin Instansi to hand on." })
export class RecordReceipt {
  @Field(() => String, { description: "The new case's tracking number." })
  trackingNumber: string;

  @Field(() => String, { description: "Shown once: give it to the complainant; with the tracking number it opens the case on the portal." })
  accessCode: string;

  @Field(() => Case, { description: "The new case." })
  case: Case;
}

@ObjectType({ description: "An earlier case that may be the same complaint; a warning at intake, never a refusal." })
export class DuplicateCandidate {
  @Field(() => ID, { description: "The earlier case's id." })
  caseId: string;

  @Field(() => String, { description: "The earlier case's tracking number." })
  trackingNumber: string;

  @Field(() => String, { description: "The earlier case's title." })
  title: string;

  @Field(() => Stage, { description: "Where the earlier case is now." })
  stage: Stage;

  @Field(() => GraphQLISODateTime, { description: "When the earlier case was received." })
  receivedAt: Date;

  @Field(() => DuplicateReason, { description: "Why it looks like a duplicate." })
  reason: DuplicateReason;

  @Field(() => Float, { description: "1 for the same LAPOR! id; otherwise word-set (Jaccard) similarity, 0.5 to 1." })
  score: number;
}

@ObjectType({ description: "A WhatsApp share link for coordination; the message never names the complainant." })
export class WhatsAppShare {
  @Field(() => String, { description: "https://wa.me/?text=<the message, URL-encoded>" })
  url: string;

  @Field(() => String, { description: "The message: tracking number, title, current step and its deadline in WITA." })
  message: string;
}
