import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Context } from "./context.js";
import { ErrorCode, HTTP_STATUS } from "../errors.js";

/** PostgreSQL text cannot hold U+0000: a request carrying one anywhere is refused before it runs. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

export const nulRefusal = () =>
  new GraphQLError("The request contains a NUL character (U+0000), which no field can store", {
    extensions: { code: ErrorCode.VALIDATION, http: { status: HTTP_STATUS[ErrorCode.VALIDATION] } },
  });

export const nulGuardPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        if (containsNul(request.query) || containsNul(request.variables)) throw nulRefusal();
      },
    };
  },
};
