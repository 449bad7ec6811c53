export interface Repeating {
  /** Cancels the next run and waits for one in progress. */
  stop(): Promise<void>;
}

/** Runs `task` now, then `intervalMs` after each run ends, until stopped; a failed run goes to `onError` and the loop goes on. */
export function repeat(task: () => Promise<unknown>, intervalMs: number, onError: (e: unknown) => void): Repeating {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    running = task().catch(onError);
    await running;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  void tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
