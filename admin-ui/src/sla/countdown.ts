import type { SlaState } from "../graphql/generated/graphql";

/** What the client needs to keep counting a stage's working time by itself. */
export interface CountdownSource {
  warnAt: string;
  dueAt: string;
  /** Working seconds left at `at`. */
  remainingSeconds: number;
  /** Server instant `remainingSeconds` was measured at (ms). */
  at: number;
  running: boolean;
  /** Instants (ms) at which the clock stops, then starts, alternately, from `at` on. */
  toggles: number[];
}

export interface CountdownReading {
  state: Exclude<SlaState, "MET" | "MISSED">;
  remainingSeconds: number;
  running: boolean;
  /** While paused: when the clock runs again (ms), if known. */
  resumesAt: number | null;
}

/** Working seconds that ran between the source's instant and `now` (both server time). */
function runningSecondsSince(src: CountdownSource, now: number): { seconds: number; running: boolean; resumesAt: number | null } {
  let running = src.running;
  let cursor = src.at;
  let seconds = 0;
  for (const toggle of src.toggles) {
    if (toggle <= cursor) {
      running = !running;
      continue;
    }
    if (toggle > now) break;
    if (running) seconds += (toggle - cursor) / 1000;
    cursor = toggle;
    running = !running;
  }
  if (running && now > cursor) seconds += (now - cursor) / 1000;
  const resumesAt = running ? null : (src.toggles.find((t) => t > now) ?? null);
  return { seconds, running, resumesAt };
}

/** The countdown at server time `now`, by the same rule the server applies (sla.state.ts). */
export function readCountdown(src: CountdownSource, now: number): CountdownReading {
  const { seconds, running, resumesAt } = runningSecondsSince(src, now);
  const remainingSeconds = src.remainingSeconds - seconds;
  let state: CountdownReading["state"];
  if (now >= Date.parse(src.dueAt)) state = "BREACHED";
  else if (!running) state = "PAUSED";
  else if (now >= Date.parse(src.warnAt)) state = "WARNING";
  else state = "ON_TRACK";
  return { state, remainingSeconds, running, resumesAt };
}

/** "1:05:09", "0:04:30"; overdue gets a leading minus. Hours are working hours and may exceed 24. */
export function formatDuration(totalSeconds: number): string {
  const negative = totalSeconds < 0;
  const s = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const body = `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
  return negative && s > 0 ? `−${body}` : body;
}

/** Tracks the difference between the server's clock and this browser's, from message timestamps. */
export class ClockSync {
  private offsetMs = 0;
  private samples = 0;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** A message stamped `serverTime` just arrived. */
  observe(serverTime: string): void {
    const sample = Date.parse(serverTime) - this.localNow();
    // Messages arrive late, never early: the largest offset seen is the closest to the truth,
    // but let it drift down slowly in case the server's clock was stepped back.
    this.offsetMs = this.samples === 0 ? sample : Math.max(sample, this.offsetMs - 250);
    this.samples += 1;
  }

  serverNow(): number {
    return this.localNow() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
