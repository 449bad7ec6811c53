import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { DomainError, ErrorCode, isDatabaseUnavailable } from "../errors.js";

/** Codes that come from GraphQL itself rather than the domain. */
const PASSTHROUGH = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "BAD_REQUEST", "PERSISTED_QUERY_NOT_FOUND", "OPERATION_RESOLUTION_FAILURE"]);

function codeOf(error: unknown): ErrorCode | null {
  if (error instanceof DomainError) return error.code;
  return isDatabaseUnavailable(error) ? ErrorCode.UNAVAILABLE : null;
}

const UNAVAILABLE_MESSAGE = "The database did not answer in time; try again shortly";

/** Every error leaves with an `extensions.code`; anything unexpected is masked and logged. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = codeOf(original);
  if (code && original instanceof Error) {
    const details = original instanceof DomainError ? original.details : {};
    const message = original instanceof DomainError ? original.message : UNAVAILABLE_MESSAGE;
    return { message, locations: formatted.locations, path: formatted.path, extensions: { ...details, code } };
  }
  const existing = formatted.extensions?.code;
  if (typeof existing === "string" && (PASSTHROUGH.has(existing) || (Object.values(ErrorCode) as string[]).includes(existing))) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (original instanceof GraphQLError && !original.originalError && existing === undefined) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: "BAD_REQUEST" } };
  }
  console.error("internal error", original);
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** The same mapping for a thrown value outside Apollo (graphql-ws): a GraphQLError with a code. */
export function toGraphQLError(error: unknown): GraphQLError {
  const code = codeOf(error);
  if (code && error instanceof Error) {
    const message = error instanceof DomainError ? error.message : UNAVAILABLE_MESSAGE;
    return new GraphQLError(message, { originalError: error, extensions: { ...(error instanceof DomainError ? error.details : {}), code } });
  }
  if (error instanceof GraphQLError && !error.originalError) {
    const given = error.extensions?.code;
    return new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: typeof given === "string" ? given : "GRAPHQL_VALIDATION_FAILED" } });
  }
  console.error("internal error", error);
  return new GraphQLError("Internal server error", { extensions: { code: "INTERNAL_SERVER_ERROR" } });
}

/** A refusal of the whole request, before execution, with its HTTP status. */
export function requestError(error: DomainError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.details, code: error.code, http: { status } } });
}
