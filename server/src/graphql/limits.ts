import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import type { NextFunction, Request, Response } from "express";
import type { Context } from "./context.js";
import { ErrorCode, HTTP_STATUS } from "../errors.js";

/**
 * Limits every operation must fit, over HTTP and graphql-ws alike. Generous for the console's own
 * operations (deepest: 5 levels, largest: about 600 tokens), tight for anything hand-made to hurt.
 * The cost counts list sizes (`first`): a full page of 500 cases with a few fields fits, the same page
 * with every case's visits and events does not.
 */
export const QUERY_LIMITS = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2_000,
  maxCost: 20_000,
} as const;

/** Largest HTTP body and WebSocket message accepted. */
export const MAX_BODY_BYTES = 256 * 1024;

/** graphql-armor's rules and plugins (its types come from Apollo's CommonJS build; ours from the ESM one). */
export function armor(): { plugins: ApolloServerPlugin<Context>[]; validationRules: ValidationRule[] } {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { plugins: plugins as unknown as ApolloServerPlugin<Context>[], validationRules };
}

/** Apollo's own parser limit: a longer document fails to parse (GRAPHQL_PARSE_FAILED) before anything else runs. */
export const PARSE_OPTIONS = { maxTokens: QUERY_LIMITS.maxTokens } as const;

/** graphql-ws validation with the same rules Apollo runs over HTTP. */
export function validateWith(rules: readonly ValidationRule[]) {
  return (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, [...specifiedRules, ...rules]);
}

/** Body-parser refusals on /graphql as GraphQL errors with a code, not an HTML page. */
export function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (err as { type?: string } | null)?.type;
  if (type === "entity.too.large") {
    res.status(HTTP_STATUS[ErrorCode.PAYLOAD_TOO_LARGE]).json({
      errors: [{ message: `Request body larger than ${MAX_BODY_BYTES} bytes`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }],
    });
    return;
  }
  if (type === "entity.parse.failed" || type === "encoding.unsupported" || type === "charset.unsupported") {
    res.status(400).json({ errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
    return;
  }
  next(err);
}
