import type { Server } from "node:http";
import { execute, getOperationAST, type GraphQLSchema, type ValidationRule } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { ANONYMOUS, type Identity } from "../auth/viewer.js";
import type { Config } from "../config.js";
import type { Context, Services } from "../graphql/context.js";
import { DomainError } from "../errors.js";
import type { AccessGuard } from "../graphql/access-guard.js";
import { toGraphQLError } from "../graphql/format-error.js";
import { MAX_BODY_BYTES, validateWith } from "../graphql/limits.js";
import { containsNul, nulRefusal } from "../graphql/nul-guard.js";
import { sharedSubscribe } from "../graphql/shared-subscribe.js";
import type { Logger } from "../ops/logger.js";
import type { Metrics } from "../ops/metrics.js";
import { CITY_SCOPE, Topic } from "../realtime/pubsub.js";
import { cutOff, watchBacklog } from "../realtime/slow-consumer.js";
import { SocketLimits, TOO_MANY_CONNECTIONS } from "../realtime/socket-limits.js";
import { TokenSockets, tokenKey } from "../realtime/token-sockets.js";
import { bearer } from "./http.js";
import type { Cleanups } from "./services.js";

export interface GraphqlWsParts {
  schema: GraphQLSchema;
  config: Pick<Config, "wsConnectionsPerIdentity" | "wsOperationsPerConnection" | "wsMaxBufferedBytes">;
  services: Services;
  validationRules: ValidationRule[];
  guard: AccessGuard;
  metrics: Metrics;
  loaders: () => Context["loaders"];
  logger: Logger;
}

export interface GraphqlWs {
  /** Closes every socket (1012) and waits for their operations to end. */
  drain(): Promise<void>;
}

/** graphql-ws on the HTTP server's /graphql: signed in once per connection, limited per identity, closed when its token is revoked. */
export function startGraphqlWs(httpServer: Server, parts: GraphqlWsParts, cleanups: Cleanups): GraphqlWs {
  const { schema, config, services, guard, metrics, loaders, logger } = parts;
  const socketLimits = new SocketLimits({
    connectionsPerIdentity: config.wsConnectionsPerIdentity,
    operationsPerConnection: config.wsOperationsPerConnection,
  });
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: MAX_BODY_BYTES });
  const tokenSockets = new TokenSockets();
  const revocations = services.bus.subscribe<string>(Topic.TOKEN_REVOKED, CITY_SCOPE);
  void (async () => {
    for await (const key of revocations) tokenSockets.close(key);
  })();
  cleanups.push(async () => revocations.return?.());
  const wsCleanup = useServer<Record<string, unknown>, { identity?: Identity; limitKey?: string; revocable?: string }>(
    {
      schema,
      validate: validateWith(parts.validationRules),
      onSubscribe: (ctx, id, payload) => {
        if (containsNul(payload.query) || containsNul(payload.variables)) return [nulRefusal()];
        const refused = socketLimits.start(ctx, id);
        return refused ? [refused] : undefined;
      },
      execute: guard.wrap(execute),
      subscribe: guard.wrap(sharedSubscribe),
      context: (ctx): Context => ({
        ...(ctx.extra.identity ?? ANONYMOUS),
        services,
        loaders: loaders(),
        clientIp: ctx.extra.request.socket.remoteAddress ?? null,
        fallBehind: () => {
          logger.warn({ client: ctx.extra.request.socket.remoteAddress }, "WebSocket client too far behind in reading: disconnected");
          cutOff(ctx.extra.socket);
        },
      }),
      onConnect: async (ctx) => {
        const token = bearer(ctx.connectionParams?.authorization ?? ctx.connectionParams?.token);
        try {
          ctx.extra.identity = token ? await services.auth.identify(token) : ANONYMOUS;
        } catch (e) {
          if (e instanceof DomainError) return false;
          throw e;
        }
        const { viewer, display } = ctx.extra.identity;
        const revocable = viewer?.token
          ? tokenKey("api", viewer.token.id)
          : viewer?.sessionId
            ? tokenKey("session", viewer.sessionId)
            : display
              ? tokenKey("display", display.displayTokenId)
              : null;
        ctx.extra.revocable = revocable ?? undefined;
        const staffKey = viewer && !viewer.token ? `user:${viewer.userId}` : null;
        ctx.extra.limitKey = staffKey ?? revocable ?? `ip:${ctx.extra.request.socket.remoteAddress}`;
        if (!socketLimits.admit(ctx.extra.limitKey, ctx)) {
          ctx.extra.limitKey = undefined;
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS, "Too many connections for this sign-in");
          return false;
        }
        if (revocable) tokenSockets.add(revocable, ctx.extra.socket);
        return true;
      },
      onOperation: (ctx, id, _payload, args) => {
        if (getOperationAST(args.document, args.operationName)?.operation === "subscription") metrics.subscriptionStarted(ctx, id);
      },
      onComplete: (ctx, id) => {
        metrics.subscriptionEnded(ctx, id);
        socketLimits.end(ctx, id);
      },
      onClose: (ctx) => {
        metrics.connectionClosed(ctx);
        socketLimits.release(ctx.extra.limitKey, ctx);
        if (ctx.extra.revocable) tokenSockets.remove(ctx.extra.revocable, ctx.extra.socket);
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        watchBacklog(ctx.extra.socket, config.wsMaxBufferedBytes, (buffered) =>
          logger.warn(
            { buffered, client: ctx.extra.request.socket.remoteAddress },
            "WebSocket client too far behind in reading: disconnected",
          ),
        );
        return result.errors ? { ...result, errors: result.errors.map((e) => toGraphQLError(e.originalError ?? e, logger)) } : result;
      },
      onError: (ctx, id, _payload, errors) => {
        socketLimits.end(ctx, id);
        return errors.map((e) => toGraphQLError(e.originalError ?? e, logger));
      },
    },
    wsServer,
  );
  return {
    async drain() {
      for (const client of wsServer.clients) client.close(1012, "Server restarting");
      await wsCleanup.dispose();
    },
  };
}
