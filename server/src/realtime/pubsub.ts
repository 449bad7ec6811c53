import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import { PushIterator } from "./push-iterator.js";

/** Events one subscriber may fall behind by before its subscription is ended. */
export const MAX_QUEUED_EVENTS = 10_000;

/** Typed topics. Each carries a scope: "city" for city-wide watchers, or an OPD id. */
export enum Topic {
  CASE_CHANGED = "CASE_CHANGED",
  SLA_ALERT = "SLA_ALERT",
  /** A staff note was written; scoped by the case's id, so a case page hears only its own. Payload: the note, with the case's OPD as it is now (`caseOpdId`). */
  CASE_NOTE_ADDED = "CASE_NOTE_ADDED",
  CALENDAR_CHANGED = "CALENDAR_CHANGED",
  /** A display or API token was revoked, or a staff session ended: every replica closes its sockets. Payload: the key (`tokenKey`). */
  TOKEN_REVOKED = "TOKEN_REVOKED",
  /** A revision of the SOP was published: every replica reads the versions again. Payload: `{ version }`. */
  SOP_PUBLISHED = "SOP_PUBLISHED",
}

export const CITY_SCOPE = "city";

export interface RealtimeBus {
  /** To one scope or several: a change seen by the city and by an OPD is copied once for both. */
  publish<T>(topic: Topic, scopes: string | readonly string[], payload: T): void;
  /** Ends the iterator, and drops what it queued, once its consumer is `MAX_QUEUED_EVENTS` behind (after `onOverflow`). */
  /** `accept`, when given, decides per event whether this subscriber hears it (e.g. the case's scope as it is when the event is published). */
  subscribe<T>(topic: Topic, scope: string, onOverflow?: () => void, accept?: (payload: T) => boolean): AsyncIterableIterator<T>;
  close(): Promise<void>;
}

/**
 * In-process by default; over Redis when a URL is given, so several replicas share events.
 * Channels are prefixed with the installation id, so installations sharing a Redis never mix.
 * Payloads are JSON round-tripped in both modes, so neither behaves differently from the other.
 */
export async function createRealtimeBus(
  installationId: string,
  redisUrl?: string,
  onError: (error: unknown) => void = () => undefined,
): Promise<RealtimeBus> {
  let clients: Redis[] = [];
  const serializer = { stringify: JSON.stringify, parse: JSON.parse };
  let eventTarget;
  if (redisUrl) {
    const publishClient = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const subscribeClient = new Redis(redisUrl, { lazyConnect: true });
    clients = [publishClient, subscribeClient];
    // Connected before the first SUBSCRIBE: one queued ahead of the ready check breaks the connection.
    await Promise.all(clients.map((c) => c.connect()));
    // While Redis is away, ioredis reconnects (and resubscribes) by itself; a publish or subscribe
    // it gives up on must not become an unhandled rejection, which would stop the whole process.
    for (const c of clients) c.on("error", onError);
    eventTarget = createRedisEventTarget({
      publishClient: caught(publishClient, onError),
      subscribeClient: caught(subscribeClient, onError),
      serializer,
    });
  }
  const target: Pick<EventTarget, "addEventListener" | "removeEventListener" | "dispatchEvent"> = eventTarget ?? new EventTarget();
  const channel = (topic: Topic, scope: string) => `desk:${installationId}:${topic}:${scope}`;
  return {
    publish(topic, scopes, payload) {
      const detail = redisUrl ? payload : JSON.parse(JSON.stringify(payload));
      for (const scope of typeof scopes === "string" ? [scopes] : scopes)
        target.dispatchEvent(new CustomEvent(channel(topic, scope), { detail }));
    },
    subscribe<T>(topic: Topic, scope: string, onOverflow?: () => void, accept?: (payload: T) => boolean) {
      // A bounded queue of our own: one that throws when full would throw inside the event
      // dispatch, and stop the process, once a consumer stops pulling.
      const name = channel(topic, scope);
      const listener = (event: Event) => {
        const payload = (event as CustomEvent<T>).detail;
        if (!accept || accept(payload)) out.push(payload);
      };
      const out = new PushIterator<T>(() => target.removeEventListener(name, listener), MAX_QUEUED_EVENTS, onOverflow);
      target.addEventListener(name, listener);
      return out;
    },
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/** The client with publish, subscribe and unsubscribe failures reported instead of left unhandled. */
function caught(client: Redis, onError: (error: unknown) => void): Redis {
  const wrapped = new Set(["publish", "subscribe", "unsubscribe"]);
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (!wrapped.has(String(property))) return value.bind(target);
      return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch(onError);
    },
  });
}
