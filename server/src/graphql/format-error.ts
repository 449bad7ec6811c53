import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { DomainError, ErrorCode, HTTP_STATUS, refusalOf } from "../errors.js";
import type { Logger } from "../ops/logger.js";

/** Codes that come from GraphQL itself rather than the domain. */
const PASSTHROUGH = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Every error leaves with an `extensions.code`; anything unexpected is masked and logged. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Pick<Logger, "error">): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const refusal = refusalOf(original);
  if (refusal) {
    return {
      message: refusal.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...refusal.details, code: refusal.code },
    };
  }
  const existing = formatted.extensions?.code;
  if (typeof existing === "string" && (PASSTHROUGH.has(existing) || (Object.values(ErrorCode) as string[]).includes(existing))) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (original instanceof GraphQLError && !original.originalError && existing === undefined) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: "BAD_REQUEST" } };
  }
  log.error({ err: original }, "internal error");
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** The same mapping for a thrown value outside Apollo (graphql-ws): a GraphQLError with a code. */
export function toGraphQLError(error: unknown, log: Pick<Logger, "error">): GraphQLError {
  const refusal = refusalOf(error);
  if (refusal) return refusalError(refusal, error);
  if (error instanceof GraphQLError && !error.originalError) {
    const given = error.extensions?.code;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      extensions: { code: typeof given === "string" ? given : "GRAPHQL_VALIDATION_FAILED" },
    });
  }
  log.error({ err: error }, "internal error");
  return new GraphQLError("Internal server error", { extensions: { code: "INTERNAL_SERVER_ERROR" } });
}

/** A refusal as a GraphQLError with its code; `cause` is what was thrown, when that was not the refusal itself. */
export function refusalError(refusal: DomainError, cause: unknown = refusal): GraphQLError {
  return new GraphQLError(refusal.message, { originalError: cause as Error, extensions: { ...refusal.details, code: refusal.code } });
}

/** A refusal of the whole request, before execution, with its HTTP status (by default its code's). */
export function requestError(error: DomainError, status: number = HTTP_STATUS[error.code]): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.details, code: error.code, http: { status } } });
}
