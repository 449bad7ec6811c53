/** What an API token may do, within the rules of the role it holds. */
export type ApiScope =
  /** Perform the SOP actions of its role (intake, forwarding, answers, closing) and upload attachments. */
  | 'ACT'
  /** Read cases, the board and compliance reports (its OPD's, or all for ADMIN_INSTANSI), exports and attachments, and subscribe to case changes. */
  | 'CASES_READ'
  /** Submit complaints through the Open311 GeoReport v2 facade (its api_key). */
  | 'OPEN311_SUBMIT'
  /** Introspect the schema in production. */
  | 'SCHEMA_READ'
  /** Subscribe to SLA countdowns and alerts. */
  | 'SLA_READ';

/** An SOP action on a case. */
export type CaseAction =
  /** Step 5: the complainant accepts the answer; closes the case. */
  | 'ACCEPT'
  /** Step 2: initial response and report material given. */
  | 'ACKNOWLEDGE'
  /** No SOP step: the case is given to a person of its OPD (assignCase); stage and clock unchanged, never public. */
  | 'ASSIGN'
  /** Step 5: the system closes the case when the complainant has not replied in time. */
  | 'AUTO_CLOSE'
  /** Step 5: the Admin OPD closes the case after the minimum window. */
  | 'CLOSE'
  /** Step 4: answer delivered to the complainant. */
  | 'DELIVER_ANSWER'
  /** Step 1: forwarded to an OPD. */
  | 'FORWARD'
  /** Step 1: rejected (not a complaint, duplicate, spam); closes the case. */
  | 'REJECT'
  /** Step 5: the complainant replies to the answer; a new round begins at INITIAL_RESPONSE. */
  | 'REPLY'
  /** Step 2: returned to the Admin Instansi as not the OPD's authority. */
  | 'RETURN_TO_INSTANSI'
  /** Step 4: answer sent back to the liaison for revision. */
  | 'SEND_BACK'
  /** The complaint is submitted or recorded; the case starts at DISPOSITION. */
  | 'SUBMIT'
  /** Step 3: analysis and answer submitted. */
  | 'SUBMIT_ANSWER'
  /** Step 1: transferred to another procedure or agency; closes the case. */
  | 'TRANSFER_OUT'
  /** No SOP step: the case is taken back from its assignee (unassignCase); never public. */
  | 'UNASSIGN';

/** Where a complaint came in. */
export type Channel =
  /** The national SP4N-LAPOR! system. */
  | 'LAPOR'
  /** A letter. */
  | 'LETTER'
  /** The public service mall (Mal Pelayanan Publik). */
  | 'MPP'
  /** A civic app, through the Open311 GeoReport v2 facade (POST /open311/v2/requests.json) with an API token. */
  | 'OPEN311'
  /** This system's public portal, submitted by the complainant. */
  | 'PORTAL'
  /** In person at the office. */
  | 'WALK_IN'
  /** A WhatsApp message. */
  | 'WHATSAPP';

/** What a countdown message carries. */
export type CountdownKind =
  /** The calendar was edited: every item again, with new deadlines. */
  | 'CALENDAR'
  /** No items; the server time, for clock sync. */
  | 'HEARTBEAT'
  /** Cases left the scope or closed; see removed. */
  | 'REMOVE'
  /** The first message: every running case in scope. */
  | 'SNAPSHOT'
  /** Every item again, sent every tickSeconds when asked for. */
  | 'TICK'
  /** One case was added or changed. */
  | 'UPSERT';

/** What a day off is. */
export type DayOffKind =
  /** Collective leave (cuti bersama). */
  | 'CUTI_BERSAMA'
  /** A national holiday (libur nasional). */
  | 'HOLIDAY'
  /** A closure the Admin Instansi added. */
  | 'LOCAL_CLOSURE';

/** Where a day off comes from. */
export type DayOffSource =
  /** The government's joint decree (SKB) shipped for the year; `decree` names it. */
  | 'DECREE'
  /** The date-holidays library, for a year without a shipped decree. */
  | 'LIBRARY'
  /** Added by the Admin Instansi. */
  | 'LOCAL';

/** The installation's edit of a national day off (the shipped data itself is never deleted). */
export type DayOverride =
  /** A working day after all. */
  | 'OPEN'
  /** Still a day off, under another name. */
  | 'RENAMED';

/** Why an earlier case looks like the same complaint. */
export type DuplicateReason =
  /** It has the same SP4N-LAPOR! tracking id. */
  | 'SAME_LAPOR_ID'
  /** Same complainant contact within 30 days, and title and description share at least half their words. */
  | 'SIMILAR_TEXT';

/** The stable codes of refusals: a GraphQL error's `extensions.code`, and `error.code` in the plain routes' JSON (exports, reports, attachments). Any other error's code is INTERNAL_SERVER_ERROR or one of GraphQL's own (such as GRAPHQL_VALIDATION_FAILED or BAD_REQUEST). */
export type ErrorCode =
  /** It clashes with what is already there: a taken OPD code or username (`field` names it), the last active superuser, or a backup that does not fit this database. */
  | 'CONFLICT'
  /** Signed in, but this account, display token or API token may not do this. */
  | 'FORBIDDEN'
  /** The SOP does not allow this action on the case as it is now (its stage, what it still lacks, or closed). */
  | 'INVALID_TRANSITION'
  /** No such thing, or none this caller may see. */
  | 'NOT_FOUND'
  /** The account's password was reset or made for it: until it sets its own (changePassword), only me, changePassword and signOut answer. */
  | 'PASSWORD_CHANGE_REQUIRED'
  /** An upload or request body over the size limit. */
  | 'PAYLOAD_TOO_LARGE'
  /** Too many requests or wrong guesses; `retryAfterSeconds` says when to try again. */
  | 'RATE_LIMITED'
  /** The SOP's time for this action has not come yet; `earliest` says when it does. */
  | 'TOO_EARLY'
  /** No valid sign-in: the token is missing, invalid, expired or revoked. */
  | 'UNAUTHENTICATED'
  /** The database did not answer in time (or not at all); nothing was changed that the caller can rely on. Retry later. */
  | 'UNAVAILABLE'
  /** An upload whose content is not an allowed type, whatever its name says. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** An input is malformed or out of range; `field` names it when there is one. */
  | 'VALIDATION'
  /** The case changed since the caller read it; `currentVersion` is its version now. Reload and retry. */
  | 'VERSION_CONFLICT';

/** What a compliance report groups by: STEP, ROLE (the step's acting role), OPD, MONTH (in WITA). */
export type ReportDimension =
  /** One row per month the visits were done, in WITA. */
  | 'MONTH'
  /** One row per OPD handling the case. */
  | 'OPD'
  /** One row per acting role of the steps. */
  | 'ROLE'
  /** One row per SOP step. */
  | 'STEP';

/** The SOP's actors, plus SYSTEM (timers) and SUPERUSER (setup). */
export type Role =
  /** The city-level LAPOR! admin ("Admin Instansi"): records complaints and routes them to an OPD. */
  | 'ADMIN_INSTANSI'
  /** A department's complaint admin ("Admin OPD"): responds first and delivers the answer. */
  | 'ADMIN_OPD'
  /** The member of the public who complained (the SOP's "Pengadu"); may be anonymous. */
  | 'COMPLAINANT'
  /** A department's liaison officer ("Pejabat Penghubung"): analyses the complaint and drafts the answer. */
  | 'LIAISON'
  /** An officer of the department whom the liaison consults. */
  | 'OFFICER'
  /** Sets up the installation: OPDs, staff accounts and the calendar. */
  | 'SUPERUSER'
  /** The server itself, acting on timers (e.g. closing a case the complainant left unanswered). */
  | 'SYSTEM';

/** What a live SLA alert reports. */
export type SlaAlertEventKind =
  /** The system closed the case because the complainant did not reply in time. */
  | 'AUTO_CLOSED'
  /** The stage's deadline passed. */
  | 'BREACHED'
  /** 75% of the stage's time standard was used. */
  | 'WARNING';

/** What an SLA alert records. */
export type SlaAlertKind =
  /** The stage's deadline passed before it was done. */
  | 'BREACHED'
  /** 75% of the stage's time standard was used. */
  | 'WARNING';

/** A stage visit against its time standard. */
export type SlaState =
  /** Running and past its deadline. */
  | 'BREACHED'
  /** Done by its deadline. */
  | 'MET'
  /** Done after its deadline. */
  | 'MISSED'
  /** Running, less than 75% of the time used. */
  | 'ON_TRACK'
  /** Running, not yet due, with the clock stopped outside office hours. */
  | 'PAUSED'
  /** Running, 75% or more of the time used. */
  | 'WARNING';

/** Where a stored SOP version stands. */
export type SopVersionStatus =
  /** New cases get this version now. */
  | 'IN_FORCE'
  /** Published with an effective instant still to come. */
  | 'SCHEDULED'
  /** A later version is in force; cases submitted under it keep it. */
  | 'SUPERSEDED';

/** Steps 1 to 5 of the SOP, then CLOSED. */
export type Stage =
  /** Step 3: the liaison analyses the complaint and drafts the answer. */
  | 'ANALYSIS'
  /** Finished: accepted, rejected, transferred out, or closed by an admin or the system. */
  | 'CLOSED'
  /** Step 5: the complainant accepts the answer or replies to it. */
  | 'CONFIRMATION'
  /** Step 4: the Admin OPD delivers the answer to the complainant. */
  | 'DELIVERY'
  /** Step 1: the Admin Instansi forwards the complaint to an OPD, rejects it or transfers it out. */
  | 'DISPOSITION'
  /** Step 2: the Admin OPD gives the complainant an initial response and the liaison the report material. */
  | 'INITIAL_RESPONSE';

/** What an answer template is for: the one text input of one SOP action it fills. */
export type TemplateUse =
  /** Step 3, submitAnswer: the liaison's answer to the complaint (a draft the Admin OPD delivers). */
  | 'ANSWER'
  /** Step 5, closeCase: the reason the Admin OPD closes the case (public). */
  | 'CLOSING'
  /** Step 4, deliverAnswer: the answer's wording as the Admin OPD delivers it (public). */
  | 'DELIVERED_ANSWER'
  /** Step 2, acknowledgeComplaint: the initial response to the complainant (public). */
  | 'INITIAL_RESPONSE'
  /** Step 1, rejectComplaint: the reason a complaint is rejected (public). City-wide templates only: a case at step 1 has no OPD. */
  | 'REJECTION';

/** What a step's time standard counts. */
export type TimeBasis =
  /** Wall-clock hours, nights and days off included. */
  | 'CALENDAR'
  /** Working hours on the SOP's office calendar (our reading of the SOP). */
  | 'WORKING';

/** What an entry of the administration trail is about. */
export type TrailSubjectType =
  /** An answer template (an OPD's or city-wide). */
  | 'ANSWER_TEMPLATE'
  /** An API token for a third-party client. */
  | 'API_TOKEN'
  /** The official calendar: a day off, office hours. */
  | 'CALENDAR'
  /** A display token for a wall monitor. */
  | 'DISPLAY_TOKEN'
  /** An OPD (city department). */
  | 'OPD'
  /** A version of the SOP: a draft, a revision, its publication. */
  | 'SOP_VERSION'
  /** A staff account. */
  | 'USER';
