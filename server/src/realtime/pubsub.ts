import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub } from "@graphql-yoga/subscription";
import { Redis } from "ioredis";

/** Typed topics. Each carries a scope: "city" for city-wide watchers, or an OPD id. */
export enum Topic {
  CASE_CHANGED = "CASE_CHANGED",
  SLA_ALERT = "SLA_ALERT",
  CALENDAR_CHANGED = "CALENDAR_CHANGED",
  /** A display or API token was revoked: every replica closes its sockets. Payload: the token's key (`tokenKey`). */
  TOKEN_REVOKED = "TOKEN_REVOKED",
}

export const CITY_SCOPE = "city";

export interface RealtimeBus {
  publish<T>(topic: Topic, scope: string, payload: T): void;
  subscribe<T>(topic: Topic, scope: string): AsyncIterableIterator<T>;
  close(): Promise<void>;
}

/**
 * In-process by default; over Redis when a URL is given, so several replicas share events.
 * Channels are prefixed with the installation id, so installations sharing a Redis never mix.
 * Payloads are JSON round-tripped in both modes, so neither behaves differently from the other.
 */
export async function createRealtimeBus(installationId: string, redisUrl?: string): Promise<RealtimeBus> {
  let clients: Redis[] = [];
  const serializer = { stringify: JSON.stringify, parse: JSON.parse };
  let eventTarget;
  if (redisUrl) {
    const publishClient = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const subscribeClient = new Redis(redisUrl, { lazyConnect: true });
    clients = [publishClient, subscribeClient];
    // Connected before the first SUBSCRIBE: one queued ahead of the ready check breaks the connection.
    await Promise.all(clients.map((c) => c.connect()));
    eventTarget = createRedisEventTarget({ publishClient, subscribeClient, serializer });
  }
  const pubsub = createPubSub<Record<string, [string, unknown]>>(eventTarget ? { eventTarget } : {});
  const key = (topic: Topic) => `desk:${installationId}:${topic}`;
  return {
    publish(topic, scope, payload) {
      pubsub.publish(key(topic), scope, redisUrl ? payload : JSON.parse(JSON.stringify(payload)));
    },
    subscribe<T>(topic: Topic, scope: string) {
      return pubsub.subscribe(key(topic), scope) as unknown as AsyncIterableIterator<T>;
    },
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
