import { registerEnumType } from "type-graphql";
import { ApiScope } from "../auth/api-scope.js";
import { DuplicateReason } from "../case/case-duplicates.js";
import { Channel } from "../case/case.entity.js";
import { CaseAction, TemplateUse } from "../case/case.workflow.js";
import { ErrorCode } from "../errors.js";
import { CountdownKind } from "../sla/countdown.hub.js";
import { ReportDimension } from "../records/report.types.js";
import { TrailSubjectType } from "../records/admin-trail.types.js";
import { SlaAlertKind } from "../sla/sla-alert.entity.js";
import { SlaAlertEventKind } from "../sla/sla-alert.types.js";
import { SlaState } from "../sla/sla.state.js";
import { Role, Stage } from "../sop/sop.definition.js";
import { SopVersionStatus, TimeBasis } from "../sop/sop.types.js";

registerEnumType(Role, {
  name: "Role",
  description: "The SOP's actors, plus SYSTEM (timers) and SUPERUSER (setup).",
  valuesConfig: {
    COMPLAINANT: { description: 'The member of the public who complained (the SOP\'s "Pengadu"); may be anonymous.' },
    ADMIN_INSTANSI: { description: 'The city-level LAPOR! admin ("Admin Instansi"): records complaints and routes them to an OPD.' },
    ADMIN_OPD: { description: 'A department\'s complaint admin ("Admin OPD"): responds first and delivers the answer.' },
    LIAISON: { description: 'A department\'s liaison officer ("Pejabat Penghubung"): analyses the complaint and drafts the answer.' },
    OFFICER: { description: "An officer of the department whom the liaison consults." },
    SYSTEM: { description: "The server itself, acting on timers (e.g. closing a case the complainant left unanswered)." },
    SUPERUSER: { description: "Sets up the installation: OPDs, staff accounts and the calendar." },
  },
});
registerEnumType(Stage, {
  name: "Stage",
  description: "Steps 1 to 5 of the SOP, then CLOSED.",
  valuesConfig: {
    DISPOSITION: { description: "Step 1: the Admin Instansi forwards the complaint to an OPD, rejects it or transfers it out." },
    INITIAL_RESPONSE: {
      description: "Step 2: the Admin OPD gives the complainant an initial response and the liaison the report material.",
    },
    ANALYSIS: { description: "Step 3: the liaison analyses the complaint and drafts the answer." },
    DELIVERY: { description: "Step 4: the Admin OPD delivers the answer to the complainant." },
    CONFIRMATION: { description: "Step 5: the complainant accepts the answer or replies to it." },
    CLOSED: { description: "Finished: accepted, rejected, transferred out, or closed by an admin or the system." },
  },
});
registerEnumType(Channel, {
  name: "Channel",
  description: "Where a complaint came in.",
  valuesConfig: {
    LAPOR: { description: "The national SP4N-LAPOR! system." },
    MPP: { description: "The public service mall (Mal Pelayanan Publik)." },
    WHATSAPP: { description: "A WhatsApp message." },
    LETTER: { description: "A letter." },
    WALK_IN: { description: "In person at the office." },
    PORTAL: { description: "This system's public portal, submitted by the complainant." },
    OPEN311: { description: "A civic app, through the Open311 GeoReport v2 facade (POST /open311/v2/requests.json) with an API token." },
  },
});
registerEnumType(CaseAction, {
  name: "CaseAction",
  description: "An SOP action on a case.",
  valuesConfig: {
    SUBMIT: { description: "The complaint is submitted or recorded; the case starts at DISPOSITION." },
    FORWARD: { description: "Step 1: forwarded to an OPD." },
    REJECT: { description: "Step 1: rejected (not a complaint, duplicate, spam); closes the case." },
    TRANSFER_OUT: { description: "Step 1: transferred to another procedure or agency; closes the case." },
    ACKNOWLEDGE: { description: "Step 2: initial response and report material given." },
    RETURN_TO_INSTANSI: { description: "Step 2: returned to the Admin Instansi as not the OPD's authority." },
    SUBMIT_ANSWER: { description: "Step 3: analysis and answer submitted." },
    DELIVER_ANSWER: { description: "Step 4: answer delivered to the complainant." },
    SEND_BACK: { description: "Step 4: answer sent back to the liaison for revision." },
    ACCEPT: { description: "Step 5: the complainant accepts the answer; closes the case." },
    REPLY: { description: "Step 5: the complainant replies to the answer; a new round begins at INITIAL_RESPONSE." },
    CLOSE: { description: "Step 5: the Admin OPD closes the case after the minimum window." },
    AUTO_CLOSE: { description: "Step 5: the system closes the case when the complainant has not replied in time." },
    ASSIGN: { description: "No SOP step: the case is given to a person of its OPD (assignCase); stage and clock unchanged, never public." },
    UNASSIGN: { description: "No SOP step: the case is taken back from its assignee (unassignCase); never public." },
  },
});
registerEnumType(SlaState, {
  name: "SlaState",
  description: "A stage visit against its time standard.",
  valuesConfig: {
    ON_TRACK: { description: "Running, less than 75% of the time used." },
    WARNING: { description: "Running, 75% or more of the time used." },
    BREACHED: { description: "Running and past its deadline." },
    PAUSED: { description: "Running, not yet due, with the clock stopped outside office hours." },
    MET: { description: "Done by its deadline." },
    MISSED: { description: "Done after its deadline." },
  },
});
registerEnumType(SlaAlertKind, {
  name: "SlaAlertKind",
  description: "What an SLA alert records.",
  valuesConfig: {
    WARNING: { description: "75% of the stage's time standard was used." },
    BREACHED: { description: "The stage's deadline passed before it was done." },
  },
});
registerEnumType(SlaAlertEventKind, {
  name: "SlaAlertEventKind",
  description: "What a live SLA alert reports.",
  valuesConfig: {
    WARNING: { description: "75% of the stage's time standard was used." },
    BREACHED: { description: "The stage's deadline passed." },
    AUTO_CLOSED: { description: "The system closed the case because the complainant did not reply in time." },
  },
});
registerEnumType(CountdownKind, {
  name: "CountdownKind",
  description: "What a countdown message carries.",
  valuesConfig: {
    SNAPSHOT: { description: "The first message: every running case in scope." },
    UPSERT: { description: "One case was added or changed." },
    REMOVE: { description: "Cases left the scope or closed; see removed." },
    CALENDAR: { description: "The calendar was edited: every item again, with new deadlines." },
    HEARTBEAT: { description: "No items; the server time, for clock sync." },
    TICK: { description: "Every item again, sent every tickSeconds when asked for." },
  },
});
registerEnumType(DuplicateReason, {
  name: "DuplicateReason",
  description: "Why an earlier case looks like the same complaint.",
  valuesConfig: {
    SAME_LAPOR_ID: { description: "It has the same SP4N-LAPOR! tracking id." },
    SIMILAR_TEXT: { description: "Same complainant contact within 30 days, and title and description share at least half their words." },
  },
});
registerEnumType(ReportDimension, {
  name: "ReportDimension",
  description: "What a compliance report groups by: STEP, ROLE (the step's acting role), OPD, MONTH (in WITA).",
  valuesConfig: {
    STEP: { description: "One row per SOP step." },
    ROLE: { description: "One row per acting role of the steps." },
    OPD: { description: "One row per OPD handling the case." },
    MONTH: { description: "One row per month the visits were done, in WITA." },
  },
});
registerEnumType(ApiScope, {
  name: "ApiScope",
  description: "What an API token may do, within the rules of the role it holds.",
  valuesConfig: {
    CASES_READ: {
      description:
        "Read cases, the board and compliance reports (its OPD's, or all for ADMIN_INSTANSI), exports and attachments, and subscribe to case changes.",
    },
    SLA_READ: { description: "Subscribe to SLA countdowns and alerts." },
    ACT: { description: "Perform the SOP actions of its role (intake, forwarding, answers, closing) and upload attachments." },
    SCHEMA_READ: { description: "Introspect the schema in production." },
    OPEN311_SUBMIT: { description: "Submit complaints through the Open311 GeoReport v2 facade (its api_key)." },
  },
});
registerEnumType(TemplateUse, {
  name: "TemplateUse",
  description: "What an answer template is for: the one text input of one SOP action it fills.",
  valuesConfig: {
    INITIAL_RESPONSE: { description: "Step 2, acknowledgeComplaint: the initial response to the complainant (public)." },
    ANSWER: { description: "Step 3, submitAnswer: the liaison's answer to the complaint (a draft the Admin OPD delivers)." },
    DELIVERED_ANSWER: { description: "Step 4, deliverAnswer: the answer's wording as the Admin OPD delivers it (public)." },
    REJECTION: {
      description:
        "Step 1, rejectComplaint: the reason a complaint is rejected (public). City-wide templates only: a case at step 1 has no OPD.",
    },
    CLOSING: { description: "Step 5, closeCase: the reason the Admin OPD closes the case (public)." },
  },
});
registerEnumType(TrailSubjectType, {
  name: "TrailSubjectType",
  description: "What an entry of the administration trail is about.",
  valuesConfig: {
    USER: { description: "A staff account." },
    OPD: { description: "An OPD (city department)." },
    SOP_VERSION: { description: "A version of the SOP: a draft, a revision, its publication." },
    CALENDAR: { description: "The official calendar: a day off, office hours." },
    API_TOKEN: { description: "An API token for a third-party client." },
    DISPLAY_TOKEN: { description: "A display token for a wall monitor." },
    ANSWER_TEMPLATE: { description: "An answer template (an OPD's or city-wide)." },
  },
});
// No field returns a code (they travel in `errors[].extensions.code`), so schema.ts emits this enum
// itself: clients generate it and know every code. Descriptions as in errors.ts's JSDoc.
registerEnumType(ErrorCode, {
  name: "ErrorCode",
  description:
    "The stable codes of refusals: a GraphQL error's `extensions.code`, and `error.code` in the plain routes' JSON (exports, reports, attachments). Any other error's code is INTERNAL_SERVER_ERROR or one of GraphQL's own (such as GRAPHQL_VALIDATION_FAILED or BAD_REQUEST).",
  valuesConfig: {
    UNAUTHENTICATED: { description: "No valid sign-in: the token is missing, invalid, expired or revoked." },
    FORBIDDEN: { description: "Signed in, but this account, display token or API token may not do this." },
    NOT_FOUND: { description: "No such thing, or none this caller may see." },
    VALIDATION: { description: "An input is malformed or out of range; `field` names it when there is one." },
    INVALID_TRANSITION: {
      description: "The SOP does not allow this action on the case as it is now (its stage, what it still lacks, or closed).",
    },
    VERSION_CONFLICT: { description: "The case changed since the caller read it; `currentVersion` is its version now. Reload and retry." },
    TOO_EARLY: { description: "The SOP's time for this action has not come yet; `earliest` says when it does." },
    CONFLICT: {
      description:
        "It clashes with what is already there: a taken OPD code or username (`field` names it), the last active superuser, or a backup that does not fit this database.",
    },
    RATE_LIMITED: { description: "Too many requests or wrong guesses; `retryAfterSeconds` says when to try again." },
    PAYLOAD_TOO_LARGE: { description: "An upload or request body over the size limit." },
    UNSUPPORTED_MEDIA_TYPE: { description: "An upload whose content is not an allowed type, whatever its name says." },
    UNAVAILABLE: {
      description: "The database did not answer in time (or not at all); nothing was changed that the caller can rely on. Retry later.",
    },
    PASSWORD_CHANGE_REQUIRED: {
      description:
        "The account's password was reset or made for it: until it sets its own (changePassword), only me, changePassword and signOut answer.",
    },
  },
});
registerEnumType(TimeBasis, {
  name: "TimeBasis",
  description: "What a step's time standard counts.",
  valuesConfig: {
    WORKING: { description: "Working hours on the SOP's office calendar (our reading of the SOP)." },
    CALENDAR: { description: "Wall-clock hours, nights and days off included." },
  },
});
registerEnumType(SopVersionStatus, {
  name: "SopVersionStatus",
  description: "Where a stored SOP version stands.",
  valuesConfig: {
    IN_FORCE: { description: "New cases get this version now." },
    SCHEDULED: { description: "Published with an effective instant still to come." },
    SUPERSEDED: { description: "A later version is in force; cases submitted under it keep it." },
  },
});
