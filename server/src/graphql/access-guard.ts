import type { ApolloServerPlugin } from "@apollo/server";
import { getOperationAST, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type SelectionSetNode } from "graphql";
import { ANY, DISPLAY_FIELDS, PASSWORD_CHANGE_FIELDS, TOKEN_FIELDS } from "../auth/api-scope.js";
import type { ApiTokenUsage } from "../auth/api-token.usage.js";
import type { Context } from "./context.js";
import { forbidden, passwordChangeRequired, type DomainError } from "../errors.js";
import { refusalError, requestError } from "./format-error.js";

const INTROSPECTION = new Set(["__schema", "__type"]);

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

/**
 * Who may send which root fields, before anything executes: a display token only the wall monitor's reads, an API
 * token only the fields its scopes allow (api-scope.ts), and in production introspection only a token with
 * SCHEMA_READ; an account that must choose a new password only `me`, `changePassword` and `signOut`. Each API token operation is written to its use log, refused or not.
 */
export class AccessGuard {
  constructor(
    private readonly production: boolean,
    private readonly usage: ApiTokenUsage,
  ) {}

  refusal(context: Context, document: DocumentNode, operationName?: string | null): DomainError | null {
    const op = getOperationAST(document, operationName);
    if (!op) return null;
    const fields = [...new Set(rootFieldNames(document, op.selectionSet))];
    const token = context.viewer?.token;
    let refusal: DomainError | null = null;
    if (context.display) {
      const refused = fields.filter((name) => !Object.hasOwn(DISPLAY_FIELDS[op.operation], name));
      if (refused.length) refusal = forbidden(`Display tokens are read-only; not allowed: ${refused.join(", ")}`);
    } else if (token) {
      const refused = fields.filter((name) => {
        const need = Object.hasOwn(TOKEN_FIELDS[op.operation], name) ? TOKEN_FIELDS[op.operation][name] : undefined;
        return need === undefined || (need !== ANY && !token.scopes.includes(need));
      });
      if (refused.length) refusal = forbidden(`This API token may not use: ${refused.join(", ")}`);
      this.usage.record({
        tokenId: token.id,
        at: context.services.clock.now(),
        operationType: op.operation,
        operationName: op.name?.value ?? null,
        rootFields: fields,
        clientIp: context.clientIp,
        allowed: refusal === null,
      });
    } else if (context.viewer?.mustChangePassword) {
      if (fields.some((name) => !Object.hasOwn(PASSWORD_CHANGE_FIELDS[op.operation], name))) refusal = passwordChangeRequired();
    } else if (this.production && fields.some((name) => INTROSPECTION.has(name))) {
      refusal = forbidden("Introspection is open to API tokens with the SCHEMA_READ scope");
    }
    return refusal;
  }

  /** The guard for HTTP. */
  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, document, operationName }) => {
          const refusal = this.refusal(contextValue, document, operationName);
          if (refusal) throw requestError(refusal);
        },
      }),
    };
  }

  /** The guard for graphql-ws, around its execute and subscribe. */
  wrap<R>(run: (args: ExecutionArgs) => R): (args: ExecutionArgs) => R | ExecutionResult {
    return (args) => {
      const refusal = this.refusal(args.contextValue as Context, args.document, args.operationName);
      return refusal ? { errors: [refusalError(refusal)] } : run(args);
    };
  }
}
