import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context.js";
import { ErrorCode, HTTP_STATUS } from "../errors.js";

/** A response refused for guessing answers HTTP 429 with Retry-After, besides its `extensions.code`. */
export const rateLimitStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const limited = response.body.singleResult.errors?.find((e) => e.extensions?.code === ErrorCode.RATE_LIMITED);
        if (!limited) return;
        response.http.status = HTTP_STATUS[ErrorCode.RATE_LIMITED];
        response.http.headers.set("retry-after", String(limited.extensions?.retryAfterSeconds ?? 60));
      },
    };
  },
};
