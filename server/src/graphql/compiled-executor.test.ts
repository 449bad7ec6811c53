import type { GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import {
  buildSchema,
  getOperationAST,
  GraphQLEnumType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  parse,
  type GraphQLError,
} from "graphql";
import { compileQuery } from "graphql-jit";
import { describe, expect, it } from "vitest";
import { compiledExecutor } from "./compiled-executor.js";

const schema = buildSchema(`
  enum Shade { DARK LIGHT }
  input Filter { shade: Shade!, strict: Boolean! = false }
  type Query { echo(filter: Filter!): String!, fails: String }
`);
const resolvers = {
  echo: ({ filter }: { filter: { shade: string; strict: boolean } }) => `${filter.shade}/${filter.strict}`,
  fails: () => {
    throw Object.assign(new Error("refused"), { extensions: { code: "FORBIDDEN" } });
  },
};
for (const [name, resolve] of Object.entries(resolvers)) {
  (schema.getQueryType()!.getFields()[name] as { resolve?: unknown }).resolve = (_: unknown, args: never) => resolve(args);
}

function run(executor: ReturnType<typeof compiledExecutor>, query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  return () =>
    executor({
      document,
      operation: getOperationAST(document)!,
      operationName: null,
      context: {},
      request: { query, variables },
    } as unknown as GatewayGraphQLRequestContext);
}

describe("compiled execution (graphql-jit behind Apollo)", () => {
  it("answers as graphql-js does, interpreting a document's first run and compiling it once for the second", async () => {
    const query = `query($f: Filter!) { echo(filter: $f) }`;
    let compilations = 0;
    const counted: typeof compileQuery = (...args) => (compilations++, compileQuery(...args));
    const interpreted = run(compiledExecutor(schema, 0, counted), query, { f: { shade: "DARK" } });
    const compiled = run(compiledExecutor(schema, 2, counted), query, { f: { shade: "DARK" } });
    expect(await interpreted()).toEqual({ data: { echo: "DARK/false" } });
    expect(await interpreted()).toEqual({ data: { echo: "DARK/false" } });
    expect(compilations).toBe(0);
    expect(await compiled()).toEqual({ data: { echo: "DARK/false" } });
    expect(compilations).toBe(0);
    expect(await compiled()).toEqual({ data: { echo: "DARK/false" } });
    expect(await compiled()).toEqual({ data: { echo: "DARK/false" } });
    expect(compilations).toBe(1);
  });

  it("refuses a bad variable in graphql-js's words, on the variable's definition", async () => {
    const execute = run(compiledExecutor(schema, 1), `query($f: Filter!) { echo(filter: $f) }`, { f: { shade: "GREY" } });
    const { errors } = await execute();
    expect(errors).toHaveLength(1);
    expect(errors![0].message).toMatch(/^Variable "\$f" got invalid value/);
    expect((errors![0] as GraphQLError).nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION);
  });

  it("gives resolver errors back as graphql-js errors that keep their cause and can be rewritten", async () => {
    const execute = run(compiledExecutor(schema, 1), `{ fails }`);
    const { data, errors } = await execute();
    expect(data).toEqual({ fails: null });
    const error = errors![0] as GraphQLError;
    expect(error.originalError?.message).toBe("refused");
    expect(error.extensions).toEqual({ code: "FORBIDDEN" });
    expect(error.path).toEqual(["fails"]);
    expect(error.locations).toEqual([{ line: 1, column: 3 }]);
    error.message = "rewritten";
    expect(error.message).toBe("rewritten");
  });

  it("will not start on an enum whose values are not their names", () => {
    const renamed = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: { shade: { type: new GraphQLEnumType({ name: "Shade", values: { DARK: { value: 1 } } }) }, s: { type: GraphQLString } },
      }),
    });
    expect(() => compiledExecutor(renamed, 2)).toThrow(/enum Shade: value DARK is 1/);
  });
});
