import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createRealtimeBus, MAX_QUEUED_EVENTS, Topic, type RealtimeBus } from "./pubsub.js";

const buses: RealtimeBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

async function bus(): Promise<RealtimeBus> {
  const b = await createRealtimeBus(randomUUID(), process.env.REDIS_URL);
  buses.push(b);
  return b;
}

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe(`the realtime bus (${process.env.REDIS_URL ? "Redis" : "in process"})`, () => {
  it("ends a subscriber that stops pulling, while the others get every event, bursts included", async () => {
    const b = await bus();
    let overflows = 0;
    const stalled = b.subscribe<number>(Topic.CASE_CHANGED, "city", () => overflows++);
    const reading = b.subscribe<number>(Topic.CASE_CHANGED, "city");
    await new Promise((r) => setTimeout(r, 100));
    const n = MAX_QUEUED_EVENTS * 3;
    const read = take(reading, n);
    for (let i = 0; i < n; i++) {
      b.publish(Topic.CASE_CHANGED, "city", i);
      if (i % 2_000 === 1_999) await new Promise((r) => setImmediate(r));
    }
    expect(await read).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(await stalled.next()).toEqual({ value: undefined, done: true });
    expect(overflows).toBe(1);
  });

  it("delivers each scope only its own events, and a returned subscription hears nothing more", async () => {
    const b = await bus();
    const city = b.subscribe<string>(Topic.SLA_ALERT, "city");
    const opd = b.subscribe<string>(Topic.SLA_ALERT, "opd-a");
    await new Promise((r) => setTimeout(r, 100));
    b.publish(Topic.SLA_ALERT, "opd-a", "a1");
    b.publish(Topic.SLA_ALERT, "city", "c1");
    b.publish(Topic.CASE_CHANGED, "city", "other topic");
    expect(await take(opd, 1)).toEqual(["a1"]);
    expect(await take(city, 1)).toEqual(["c1"]);
    await city.return!();
    b.publish(Topic.SLA_ALERT, "city", "c2");
    b.publish(Topic.SLA_ALERT, "opd-a", "a2");
    expect(await take(opd, 1)).toEqual(["a2"]);
    expect(await city.next()).toEqual({ value: undefined, done: true });
  });

  it("delivers one publish to every scope it names, each once, as JSON would carry it", async () => {
    const b = await bus();
    const city = b.subscribe<unknown>(Topic.CASE_CHANGED, "city");
    const opdA = b.subscribe<unknown>(Topic.CASE_CHANGED, "opd-a");
    const opdB = b.subscribe<unknown>(Topic.CASE_CHANGED, "opd-b");
    await new Promise((r) => setTimeout(r, 100));
    const at = new Date("2026-11-29T01:02:03.000Z");
    b.publish(Topic.CASE_CHANGED, ["city", "opd-a"], { n: 1, at });
    b.publish(Topic.CASE_CHANGED, "opd-b", { n: 2, at });
    expect(await take(city, 1)).toEqual([{ n: 1, at: "2026-11-29T01:02:03.000Z" }]);
    expect(await take(opdA, 1)).toEqual([{ n: 1, at: "2026-11-29T01:02:03.000Z" }]);
    expect(await take(opdB, 1)).toEqual([{ n: 2, at: "2026-11-29T01:02:03.000Z" }]);
    b.publish(Topic.CASE_CHANGED, ["city"], { n: 3, at });
    expect(await take(city, 1)).toEqual([{ n: 3, at: "2026-11-29T01:02:03.000Z" }]);
  });
});
