import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context.js";

/** No GraphQL response may be kept by a browser or proxy: they carry case data. */
export const noStorePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set("cache-control", "no-store");
      },
    };
  },
};
