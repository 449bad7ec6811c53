import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context.js";
import type { Metrics } from "../ops/metrics.js";

/** Operation names come from clients: past this many distinct ones, new names count as "other". */
const MAX_NAMES = 200;

/** Counts and times every HTTP GraphQL operation, and hands its name to the request's log line. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  const names = new Set<string>();
  const label = (name: string | null | undefined) => {
    const n = name ?? "anonymous";
    if (names.has(n)) return n;
    if (names.size >= MAX_NAMES) return "other";
    names.add(n);
    return n;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, contextValue, response }) {
          const name = label(operationName ?? operation?.name?.value);
          const type = operation?.operation ?? "unknown";
          const body = response.body;
          const resultErrors = body.kind === "single" ? body.singleResult.errors : undefined;
          const outcome = String(resultErrors?.[0]?.extensions?.code ?? (resultErrors?.length ? "ERROR" : "ok"));
          metrics.graphqlRequests.inc({ operation: name, type, outcome });
          metrics.graphqlDuration.observe({ operation: name, type }, Number(process.hrtime.bigint() - started) / 1e9);
          contextValue.noteOperation?.(`${type} ${name}`);
        },
      };
    },
  };
}
