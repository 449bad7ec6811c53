import { Role } from "../sop/sop.definition.js";

/** What an API token may do, on top of the rules of the role it holds. */
export enum ApiScope {
  CASES_READ = "CASES_READ",
  SLA_READ = "SLA_READ",
  ACT = "ACT",
  SCHEMA_READ = "SCHEMA_READ",
  OPEN311_SUBMIT = "OPEN311_SUBMIT",
}

/** The roles a token may hold: the three desk roles of the SOP. OPD roles need an OPD. */
export const TOKEN_ROLES: readonly Role[] = [Role.ADMIN_INSTANSI, Role.ADMIN_OPD, Role.LIAISON];

/** `ANY`: every token may use the field; otherwise the scope it needs. */
export const ANY = "ANY" as const;
type Need = ApiScope | typeof ANY;
type RootFields = Record<"query" | "mutation" | "subscription", Readonly<Record<string, Need>>>;

/**
 * The root fields an API token may use, and the scope each needs. A field not listed here is refused to every
 * token: sign-in, accounts, OPDs, tokens, calendars, the complainant's own portal actions, and any field added later.
 */
export const TOKEN_FIELDS: RootFields = {
  query: {
    __typename: ANY,
    apiToken: ANY,
    opds: ANY,
    sop: ANY,
    calendar: ANY,
    case: ApiScope.CASES_READ,
    cases: ApiScope.CASES_READ,
    board: ApiScope.CASES_READ,
    assignableStaff: ApiScope.CASES_READ,
    complianceReport: ApiScope.CASES_READ,
    duplicateCandidates: ApiScope.ACT,
    caseAnswerTemplates: ApiScope.CASES_READ,
    renderTemplate: ApiScope.CASES_READ,
    __schema: ApiScope.SCHEMA_READ,
    __type: ApiScope.SCHEMA_READ,
  },
  mutation: {
    recordComplaint: ApiScope.ACT,
    forwardToOpd: ApiScope.ACT,
    rejectComplaint: ApiScope.ACT,
    transferOut: ApiScope.ACT,
    acknowledgeComplaint: ApiScope.ACT,
    returnToInstansi: ApiScope.ACT,
    submitAnswer: ApiScope.ACT,
    deliverAnswer: ApiScope.ACT,
    sendBackForRevision: ApiScope.ACT,
    closeCase: ApiScope.ACT,
    assignCase: ApiScope.ACT,
    unassignCase: ApiScope.ACT,
    shareToWhatsApp: ApiScope.ACT,
    setAttachmentPublic: ApiScope.ACT,
  },
  subscription: {
    caseChanged: ApiScope.CASES_READ,
    slaCountdown: ApiScope.SLA_READ,
    slaAlerts: ApiScope.SLA_READ,
  },
};

/** The root fields a display token (wall monitor) may use; every mutation is refused. */
export const DISPLAY_FIELDS: RootFields = {
  query: { __typename: ANY, display: ANY, opds: ANY, sop: ANY, calendar: ANY },
  mutation: {},
  subscription: { slaCountdown: ANY, slaAlerts: ANY },
};

/** The root fields an account that must choose a new password may use; every other is refused with PASSWORD_CHANGE_REQUIRED. */
export const PASSWORD_CHANGE_FIELDS: RootFields = {
  query: { __typename: ANY, me: ANY },
  mutation: { changePassword: ANY, signOut: ANY },
  subscription: {},
};

/** Plain-HTTP routes: what a token needs for each. */
export const TOKEN_ROUTES = {
  exports: ApiScope.CASES_READ,
  complianceDownload: ApiScope.CASES_READ,
  attachmentDownload: ApiScope.CASES_READ,
  attachmentUpload: ApiScope.ACT,
  open311Submit: ApiScope.OPEN311_SUBMIT,
} as const satisfies Record<string, ApiScope>;

export type TokenRoute = keyof typeof TOKEN_ROUTES;
