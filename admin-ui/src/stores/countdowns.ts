import { defineStore } from "pinia";
import { reactive, ref } from "vue";
import type { DeskClient } from "../graphql/client";
import { SlaCountdownDocument, type CountdownItemFragment, type SlaCountdownSubscription } from "../graphql/generated/graphql";
import { ClockSync, readCountdown, type CountdownReading, type CountdownSource } from "../sla/countdown";

export interface CountdownEntry extends CountdownSource {
  caseId: string;
  trackingNumber: string;
  title: string;
  opdId: string | null;
  stage: CountdownItemFragment["stage"];
}

type Message = SlaCountdownSubscription["slaCountdown"];

function entryOf(item: CountdownItemFragment, serverTime: number): CountdownEntry {
  return {
    caseId: item.caseId,
    trackingNumber: item.trackingNumber,
    title: item.title,
    opdId: item.opdId ?? null,
    stage: item.stage,
    warnAt: item.warnAt,
    dueAt: item.dueAt,
    remainingSeconds: item.remainingSeconds,
    at: serverTime,
    running: item.running,
    toggles: item.toggles.map((t) => Date.parse(t)),
  };
}

/** Applies one countdown message to the held entries (pure, for the store and its tests). */
export function applyCountdownMessage(entries: Map<string, CountdownEntry>, message: Message): void {
  const at = Date.parse(message.serverTime);
  if (message.kind === "SNAPSHOT" || message.kind === "CALENDAR") entries.clear();
  if (message.kind === "HEARTBEAT") return;
  for (const id of message.removed) entries.delete(id);
  for (const item of message.items) entries.set(item.caseId, entryOf(item, at));
}

/**
 * Live SLA countdowns in the viewer's scope: the server sends a snapshot and deltas; the browser
 * ticks every second by itself, on the server's clock.
 */
export const useCountdowns = defineStore("countdowns", () => {
  const entries = reactive(new Map<string, CountdownEntry>());
  const clock = new ClockSync();
  const now = ref(Date.now());
  const synced = ref(false);
  let stopFeed: (() => void) | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function start(client: DeskClient, tickMs = 1000) {
    stop();
    stopFeed = client.subscribe(SlaCountdownDocument, {}, (data) => {
      clock.observe(data.slaCountdown.serverTime);
      applyCountdownMessage(entries, data.slaCountdown);
      synced.value = true;
      now.value = clock.serverNow();
    });
    timer = setInterval(() => (now.value = clock.serverNow()), tickMs);
  }

  function stop() {
    stopFeed?.();
    stopFeed = null;
    if (timer) clearInterval(timer);
    timer = null;
    synced.value = false;
  }

  function reading(caseId: string): CountdownReading | null {
    const entry = entries.get(caseId);
    return entry ? readCountdown(entry, now.value) : null;
  }

  return { entries, now, synced, start, stop, reading };
});
