import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface GqlError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: GqlError[];
  status: number;
}

/** A GraphQL request over real HTTP. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResult<T>, "status">;
  return { ...body, status: res.status };
}

/** Data of a request that must succeed; throws with the errors otherwise. */
export async function ok<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const r = await gql<T>(url, query, variables, token);
  if (r.errors?.length || !r.data) throw new Error(`GraphQL failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** The single error code of a request that must fail. */
export async function errorCode(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<string> {
  const r = await gql(url, query, variables, token);
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return String(r.errors[0].extensions?.code);
}

export interface Subscription<T> {
  events: T[];
  errors: unknown[];
  waitFor(predicate: (events: T[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real graphql-ws subscription; collects what arrives. */
export function subscribe<T = Record<string, any>>(
  wsUrl: string,
  query: string,
  token?: string,
  variables: Record<string, unknown> = {},
): Promise<Subscription<T>> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  let started: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  client.on("connected", () => started());
  client.on("closed", () => started());
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => (v.errors ? errors.push(...v.errors) : events.push(v.data as T)),
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  return ready.then(async () => {
    // give the server a moment to register the subscription after connection_ack
    await new Promise((r) => setTimeout(r, 250));
    return {
      events,
      errors,
      async waitFor(predicate, timeoutMs = 5_000) {
        const until = Date.now() + timeoutMs;
        while (!predicate(events)) {
          if (Date.now() > until) throw new Error(`timed out; got ${JSON.stringify(events)} errors ${JSON.stringify(errors)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      async close() {
        dispose();
        await client.dispose();
      },
    };
  });
}

/** A graphql-ws client running one subscription; `closed` resolves with the code the server closes it with. */
export function openSubscription(wsUrl: string, query: string, token: string): Promise<{ closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    const closed = new Promise<number>((done) => client.on("closed", (e) => done((e as { code: number }).code)));
    const running = () => resolve({ closed });
    client.on("connected", () => setTimeout(running, 250));
    client.subscribe({ query }, { next: running, error: reject, complete: () => undefined });
  });
}
