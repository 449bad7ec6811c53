import { describe, expect, it } from "vitest";
import { ClockSync, formatDuration, readCountdown, type CountdownSource } from "./countdown";

const H = 3_600_000;
const T0 = Date.parse("2026-11-23T07:00:00Z"); // Mon 15:00 WITA, one hour before closing

function source(over: Partial<CountdownSource> = {}): CountdownSource {
  return {
    warnAt: new Date(T0 + 0.5 * H).toISOString(),
    dueAt: new Date(T0 + 18 * H).toISOString(),
    remainingSeconds: 2 * 3600,
    at: T0,
    running: true,
    toggles: [T0 + H, T0 + 17 * H],
    ...over,
  };
}

describe("formatDuration", () => {
  it("shows working hours beyond 24 without folding into days", () => {
    expect(formatDuration(25 * 3600 + 61)).toBe("25:01:01");
  });
  it("pads minutes and seconds", () => {
    expect(formatDuration(65)).toBe("0:01:05");
  });
  it("marks overdue with a minus and never shows minus zero", () => {
    expect(formatDuration(-90)).toBe("−0:01:30");
    expect(formatDuration(-0.4)).toBe("0:00:00");
  });
});

describe("readCountdown", () => {
  it("counts down while the office is open", () => {
    const r = readCountdown(source(), T0 + 10 * 60_000);
    expect(r.remainingSeconds).toBe(2 * 3600 - 600);
    expect(r.state).toBe("ON_TRACK");
  });

  it("stops at closing time and says when it resumes", () => {
    const r = readCountdown(source(), T0 + 3 * H);
    expect(r.remainingSeconds).toBe(3600);
    expect(r.state).toBe("PAUSED");
    expect(r.running).toBe(false);
    expect(r.resumesAt).toBe(T0 + 17 * H);
  });

  it("runs again after the office opens", () => {
    const r = readCountdown(source(), T0 + 17.5 * H);
    expect(r.remainingSeconds).toBe(1800);
    expect(r.running).toBe(true);
  });

  it("turns WARNING at warnAt and BREACHED at dueAt, by absolute time like the server", () => {
    const src = source({ warnAt: new Date(T0 + 0.25 * H).toISOString(), dueAt: new Date(T0 + 0.75 * H).toISOString(), toggles: [] });
    expect(readCountdown(src, T0 + 0.3 * H).state).toBe("WARNING");
    const late = readCountdown(src, T0 + H);
    expect(late.state).toBe("BREACHED");
  });

  it("starts paused when the message says the clock is stopped", () => {
    const r = readCountdown(source({ running: false, toggles: [T0 + 2 * H] }), T0 + H);
    expect(r.remainingSeconds).toBe(7200);
    expect(r.state).toBe("PAUSED");
    expect(readCountdown(source({ running: false, toggles: [T0 + 2 * H] }), T0 + 2.5 * H).remainingSeconds).toBe(7200 - 1800);
  });
});

describe("ClockSync", () => {
  it("follows the server's clock, trusting the least-delayed message", () => {
    let local = 1_000_000;
    const sync = new ClockSync(() => local);
    sync.observe(new Date(local + 5_000).toISOString());
    expect(sync.serverNow()).toBe(local + 5_000);
    sync.observe(new Date(local + 4_900).toISOString()); // arrived 100 ms late
    expect(sync.offset).toBe(4_900);
    local += 1_000;
    sync.observe(new Date(local + 5_000).toISOString());
    expect(sync.serverNow()).toBe(local + 5_000);
  });

  it("follows a server clock that jumped forward at once", () => {
    let local = 0;
    const sync = new ClockSync(() => local);
    sync.observe(new Date(1_000).toISOString());
    sync.observe(new Date(3_600_000).toISOString());
    expect(sync.serverNow()).toBe(3_600_000);
    local = 10;
    expect(sync.serverNow()).toBe(3_600_010);
  });
});
