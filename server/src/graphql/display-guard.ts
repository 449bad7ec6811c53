import type { ApolloServerPlugin } from "@apollo/server";
import { getOperationAST, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type SelectionSetNode } from "graphql";
import type { Context } from "../context.js";
import { forbidden, type DomainError } from "../errors.js";
import { requestError, toGraphQLError } from "./format-error.js";

/** The root fields a display token may use. Anything else, every mutation and any field added later, is refused. */
const DISPLAY_FIELDS: Record<"query" | "mutation" | "subscription", ReadonlySet<string>> = {
  query: new Set(["display", "opds", "sop", "calendar", "__typename"]),
  mutation: new Set(),
  subscription: new Set(["slaCountdown", "slaAlerts"]),
};

function rootFieldNames(document: DocumentNode, selectionSet: SelectionSetNode, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFieldNames(document, s.selectionSet, seen);
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootFieldNames(document, fragment.selectionSet, seen) : [];
  });
}

/** FORBIDDEN when a display token asks for anything beyond the wall monitor's reads; null otherwise. */
export function displayRefusal(context: Context, document: DocumentNode, operationName?: string | null): DomainError | null {
  if (!context.display) return null;
  const op = getOperationAST(document, operationName);
  if (!op) return null;
  const allowed = DISPLAY_FIELDS[op.operation];
  const refused = rootFieldNames(document, op.selectionSet).filter((name) => !allowed.has(name));
  return refused.length ? forbidden(`Display tokens are read-only; not allowed: ${refused.join(", ")}`) : null;
}

/** The guard for HTTP, before anything executes. */
export const displayGuardPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document, operationName }) {
        const refusal = displayRefusal(contextValue, document, operationName);
        if (refusal) throw requestError(refusal, 403);
      },
    };
  },
};

/** The guard for graphql-ws, around its execute and subscribe. */
export function guardDisplay<R>(run: (args: ExecutionArgs) => R): (args: ExecutionArgs) => R | ExecutionResult {
  return (args) => {
    const refusal = displayRefusal(args.contextValue as Context, args.document, args.operationName);
    return refusal ? { errors: [toGraphQLError(refusal)] } : run(args);
  };
}
