import { describe, expect, it } from "vitest";
import type { CountdownItemFragment } from "../graphql/generated/graphql";
import { applyCountdownMessage, type CountdownEntry } from "./countdowns";

const item = (caseId: string, remainingSeconds: number): CountdownItemFragment => ({
  caseId,
  trackingNumber: caseId,
  title: caseId,
  opdId: null,
  stage: "ANALYSIS",
  warnAt: "2026-11-23T02:00:00.000Z",
  dueAt: "2026-11-23T03:00:00.000Z",
  state: "ON_TRACK",
  remainingSeconds,
  running: true,
  toggles: ["2026-11-23T08:00:00.000Z"],
});
const msg = (
  kind: "SNAPSHOT" | "UPSERT" | "REMOVE" | "CALENDAR" | "HEARTBEAT",
  items: CountdownItemFragment[],
  removed: string[] = [],
) => ({
  kind,
  serverTime: "2026-11-23T01:00:00.000Z",
  items,
  removed,
});

describe("countdown messages", () => {
  it("a snapshot replaces everything; deltas add and remove; a heartbeat changes nothing", () => {
    const entries = new Map<string, CountdownEntry>([["old", {} as CountdownEntry]]);
    applyCountdownMessage(entries, msg("SNAPSHOT", [item("a", 100), item("b", 200)]));
    expect([...entries.keys()]).toEqual(["a", "b"]);
    applyCountdownMessage(entries, msg("UPSERT", [item("a", 50)]));
    expect(entries.get("a")?.remainingSeconds).toBe(50);
    expect(entries.get("a")?.at).toBe(Date.parse("2026-11-23T01:00:00.000Z"));
    applyCountdownMessage(entries, msg("REMOVE", [], ["b"]));
    expect([...entries.keys()]).toEqual(["a"]);
    applyCountdownMessage(entries, msg("HEARTBEAT", []));
    expect(entries.size).toBe(1);
    applyCountdownMessage(entries, msg("CALENDAR", [item("c", 1)]));
    expect([...entries.keys()]).toEqual(["c"]);
    expect(entries.get("c")?.toggles).toEqual([Date.parse("2026-11-23T08:00:00.000Z")]);
  });
});
