import { Client, fetchExchange, subscriptionExchange, type AnyVariables, type CombinedError, type TypedDocumentNode } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { pipe, subscribe, type Subscription } from "wonka";

/** `denied`: the server refused the token (revoked, expired); retrying would not help. */
export type LinkStatus = "connecting" | "online" | "reconnecting" | "offline" | "denied";

const FORBIDDEN_CLOSE = 4403;

function closeCode(event: unknown): number | null {
  return typeof event === "object" && event !== null && "code" in event ? Number((event as { code: unknown }).code) : null;
}

export interface DeskClientOptions {
  /** Bearer token read at every request and every (re)connection. */
  token: () => string | null;
  onStatus?: (status: LinkStatus) => void;
  /** Called after the socket came back from a drop: what was pushed meanwhile is lost, so resync. */
  onReconnected?: () => void;
  httpUrl?: string;
  wsUrl?: string;
}

export class GraphQLFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The input a VALIDATION refusal names, when it names one. */
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export function failureOf(error: CombinedError): GraphQLFailure {
  const first = error.graphQLErrors[0];
  if (first) {
    const field = typeof first.extensions?.field === "string" ? first.extensions.field : null;
    return new GraphQLFailure(String(first.extensions?.code ?? "INTERNAL_SERVER_ERROR"), first.message, field);
  }
  return new GraphQLFailure("NETWORK", error.networkError?.message ?? error.message);
}

function defaultWsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/graphql`;
}

/** Backoff for reconnects: 0.5 s doubling to 15 s, with jitter so a room of screens does not reconnect in step. */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** attempt);
  return Math.round(base / 2 + random() * (base / 2));
}

export interface DeskClient {
  urql: Client;
  ws: WsClient;
  query<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V): Promise<D>;
  mutate<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V): Promise<D>;
  subscribe<D, V extends AnyVariables>(
    doc: TypedDocumentNode<D, V>,
    variables: V,
    onData: (data: D) => void,
    onError?: (failure: GraphQLFailure) => void,
  ): () => void;
  dispose(): void;
}

export function createDeskClient(options: DeskClientOptions): DeskClient {
  let dropped = false;
  const status = (s: LinkStatus) => options.onStatus?.(s);
  const ws = createWsClient({
    url: options.wsUrl ?? defaultWsUrl(),
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => closeCode(event) !== FORBIDDEN_CLOSE,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt))),
    connectionParams: () => {
      const token = options.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connecting: () => status(dropped ? "reconnecting" : "connecting"),
      connected: () => {
        status("online");
        if (dropped) {
          dropped = false;
          options.onReconnected?.();
        }
      },
      closed: (event) => {
        dropped = true;
        status(closeCode(event) === FORBIDDEN_CLOSE ? "denied" : "offline");
      },
    },
  });

  const urql = new Client({
    url: options.httpUrl ?? "/graphql",
    preferGetMethod: false,
    requestPolicy: "network-only",
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
    fetchOptions: (): RequestInit => {
      const token = options.token();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
  });

  async function run<D, V extends AnyVariables>(kind: "query" | "mutation", doc: TypedDocumentNode<D, V>, variables: V): Promise<D> {
    const result = kind === "query" ? await urql.query(doc, variables).toPromise() : await urql.mutation(doc, variables).toPromise();
    if (result.error) throw failureOf(result.error);
    return result.data as D;
  }

  return {
    urql,
    ws,
    query: (doc, variables) => run("query", doc, variables),
    mutate: (doc, variables) => run("mutation", doc, variables),
    subscribe(doc, variables, onData, onError) {
      const sub: Subscription = pipe(
        urql.subscription(doc, variables),
        subscribe((result) => {
          if (result.error) onError?.(failureOf(result.error));
          else if (result.data) onData(result.data);
        }),
      );
      return () => sub.unsubscribe();
    },
    dispose() {
      void ws.dispose();
    },
  };
}
