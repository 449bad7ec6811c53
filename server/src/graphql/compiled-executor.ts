import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import {
  execute,
  getVariableValues,
  GraphQLError,
  isEnumType,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

interface Seen {
  runs: number;
  compiled: Map<string, CompiledQuery | ExecutionResult>;
}

/**
 * Executes Apollo's HTTP operations with graphql-jit from a document's `compileAt`-th execution on
 * (0: never), and with graphql-js before: a one-off query is cheaper to interpret than to compile.
 * The compiled form is kept beside the parsed document, which Apollo's own document cache
 * bounds (a WeakMap: when Apollo drops a document, its compiled form goes with it).
 */
export function compiledExecutor(schema: GraphQLSchema, compileAt: number, compile: typeof compileQuery = compileQuery): GatewayExecutor {
  assertEnumsByName(schema);
  const seen = new WeakMap<DocumentNode, Seen>();
  return async ({ document, operation, operationName, context, request }) => {
    let entry = seen.get(document);
    if (!entry) seen.set(document, (entry = { runs: 0, compiled: new Map() }));
    if (!compileAt || ++entry.runs < compileAt) {
      return execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
    }
    const key = operationName ?? "";
    let compiled = entry.compiled.get(key);
    if (!compiled) entry.compiled.set(key, (compiled = compile(schema, document, operationName ?? undefined)));
    if (!isCompiledQuery(compiled)) return withStandardErrors(compiled);
    // graphql-js coerces the variables, so a bad one is refused in its words, as everywhere else,
    // and input fields' defaults are applied (graphql-jit refuses an omitted `Boolean! = false`).
    let variables = {};
    if (operation.variableDefinitions?.length) {
      const checked = getVariableValues(schema, operation.variableDefinitions, request.variables ?? {});
      if (checked.errors) return { errors: checked.errors };
      variables = checked.coerced;
    }
    return withStandardErrors(await compiled.query(undefined, context, variables));
  };
}

/**
 * Coerced variables pass through graphql-jit's own coercion again, which reads an enum by its name:
 * that holds only where every enum value is its own name (as the desk's TypeScript enums are).
 */
function assertEnumsByName(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isEnumType(type)) continue;
    for (const value of type.getValues()) {
      if (value.value !== value.name)
        throw new Error(
          `enum ${type.name}: value ${value.name} is ${JSON.stringify(value.value)}; compiled execution needs each value to be its name`,
        );
    }
  }
}

/**
 * graphql-jit's errors have read-only properties, which plugins that rewrite messages (graphql-armor's
 * suggestion masking) cannot assign; they are given back as graphql-js errors with the same contents.
 */
function withStandardErrors(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(standardError) } : result;
}

function standardError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
  Object.assign(error, { locations: e.locations });
  return error;
}

/**
 * Apollo Server takes a custom executor only from a gateway; this one serves a fixed schema, so it
 * is a gateway in name only: the schema never changes and there is nothing to stop.
 */
export function compiledExecutionGateway(schema: GraphQLSchema, compileAt: number): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load: async () => ({ executor: compiledExecutor(schema, compileAt) }),
    stop: async () => undefined,
  };
}
