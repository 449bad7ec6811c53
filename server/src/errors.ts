/** Stable error codes; the API exposes them as `extensions.code` (GraphQL) and `error.code` (plain routes). */
export enum ErrorCode {
  /** No valid sign-in: the token is missing, invalid, expired or revoked. */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** Signed in, but this account, display token or API token may not do this. */
  FORBIDDEN = "FORBIDDEN",
  /** No such thing, or none this caller may see. */
  NOT_FOUND = "NOT_FOUND",
  /** An input is malformed or out of range; `field` names it when there is one. */
  VALIDATION = "VALIDATION",
  /** The SOP does not allow this action on the case as it is now (its stage, what it still lacks, or closed). */
  INVALID_TRANSITION = "INVALID_TRANSITION",
  /** The case changed since the caller read it; `currentVersion` is its version now. Reload and retry. */
  VERSION_CONFLICT = "VERSION_CONFLICT",
  /** The SOP's time for this action has not come yet; `earliest` says when it does. */
  TOO_EARLY = "TOO_EARLY",
  /** It clashes with what is already there: a taken OPD code or username (`field` names it), the last active superuser, or a backup that does not fit this database. */
  CONFLICT = "CONFLICT",
  /** Too many requests or wrong guesses; `retryAfterSeconds` says when to try again. */
  RATE_LIMITED = "RATE_LIMITED",
  /** An upload or request body over the size limit. */
  PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE",
  /** An upload whose content is not an allowed type, whatever its name says. */
  UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE",
  /** The account's password was reset (or never chosen): until it sets a new one, its token may only read `me`, change the password and sign out. */
  PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED",
  /** The database did not answer in time (or not at all); nothing was changed that the caller can rely on. Retry later. */
  UNAVAILABLE = "UNAVAILABLE",
}

/**
 * The HTTP status of each code, wherever a refusal becomes one: the plain routes (exports, reports,
 * attachments, Open311) and the GraphQL requests refused as a whole. Every code has one, so a new
 * code does not compile until it is given its status. The SOP's refusals of a case's state
 * (INVALID_TRANSITION, VERSION_CONFLICT, TOO_EARLY, CONFLICT) answer 400 as they always have.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.VALIDATION]: 400,
  [ErrorCode.INVALID_TRANSITION]: 400,
  [ErrorCode.VERSION_CONFLICT]: 400,
  [ErrorCode.TOO_EARLY]: 400,
  [ErrorCode.CONFLICT]: 400,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.UNAVAILABLE]: 503,
});

/** A refusal the caller can act on; anything else that is thrown is an internal error. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message = "Not allowed for this user") => new DomainError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = "Sign in first") => new DomainError(ErrorCode.UNAUTHENTICATED, message);
export const passwordChangeRequired = () =>
  new DomainError(
    ErrorCode.PASSWORD_CHANGE_REQUIRED,
    "Set a new password first (changePassword); until then only me, changePassword and signOut answer",
  );
export const invalid = (field: string, message: string) => new DomainError(ErrorCode.VALIDATION, `${field}: ${message}`, { field });

/** VALIDATION with a `reason` the console words on its own. */
export const invalidBecause = (field: string, reason: string, message: string) =>
  new DomainError(ErrorCode.VALIDATION, `${field}: ${message}`, { field, reason });

const UNAVAILABLE_MESSAGE = "The database did not answer in time; try again shortly";

/** A thrown value as the refusal the caller is told of: a DomainError as it is, a database that did not answer as UNAVAILABLE; anything else is null (an internal error). */
export function refusalOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  return error instanceof Error && isDatabaseUnavailable(error) ? new DomainError(ErrorCode.UNAVAILABLE, UNAVAILABLE_MESSAGE) : null;
}

/** pg and pg-pool's own errors for a database that does not answer: connection refused, lost or timed out. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { message?: unknown; code?: unknown; driverError?: unknown } | null | undefined, depth = 0;
    e && depth < 3;
    depth++
  ) {
    if (typeof e.code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03"].includes(e.code)) return true;
    if (
      typeof e.message === "string" &&
      /(Query read timeout|timeout exceeded when trying to connect|Connection terminated)/.test(e.message)
    )
      return true;
    e = e.driverError as typeof e;
  }
  return false;
}

/** PostgreSQL's unique_violation (23505), as pg or TypeORM throws it: a writer lost a race its check could not see. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null | undefined;
  return (e?.driverError?.code ?? e?.code) === "23505";
}
