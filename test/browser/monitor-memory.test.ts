import type { CDPSession, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { consoleSuite, describeBrowser, openWallMonitor, wallRows } from "../support/browser.js";

/** The wall monitor ticks every 5 ms instead of every second: a day's ticks in under a minute. */
const TICK_MS = "5";
const RUN_MS = 45_000;
const HOUR_EVERY_MS = 2_000;
/** Growth allowed between warm-up and the end; a leak of one row or closure per tick is far above it. */
const HEAP_BOUND = 3 * 1024 * 1024;

describeBrowser("the wall monitor over a compressed day", () => {
  const suite = consoleSuite({ closeBrowsers: "afterAll" });
  let page: Page;
  let cdp: CDPSession;

  beforeAll(async () => {
    page = await openWallMonitor(suite, {
      query: { tickMs: TICK_MS },
      // Counts the runs of the page's 5 ms timers, to show that the page really ticked that fast.
      prepare: (page) =>
        page.addInitScript((tick) => {
          const w = window as unknown as { fastTicks: number };
          w.fastTicks = 0;
          const setInterval = window.setInterval;
          window.setInterval = ((fn: () => void, ms?: number, ...args: unknown[]) =>
            setInterval(ms === tick ? () => (w.fastTicks++, fn()) : fn, ms, ...args)) as typeof window.setInterval;
        }, Number(TICK_MS)),
    });
    cdp = await page.context().newCDPSession(page);
  });

  /** JS heap in use after full garbage collections. */
  async function heapAfterGc(): Promise<number> {
    for (let i = 0; i < 3; i++) await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize;
  }

  /** Moves the server clock an hour every HOUR_EVERY_MS for `ms`; returns the hours moved. */
  async function compress(ms: number): Promise<number> {
    let hours = 0;
    const until = Date.now() + ms;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, HOUR_EVERY_MS));
      suite.ts.clock.advanceHours(1);
      hours++;
    }
    return hours;
  }

  const wallClock = () => page.locator("[data-testid=wall-clock]").textContent();
  const fastTicks = () => page.evaluate(() => (window as unknown as { fastTicks: number }).fastTicks);

  it("ticking every 5 ms through a day of server time, the heap stays flat", async () => {
    const rows = await wallRows(page).count();
    await compress(6_000);
    const warm = await heapAfterGc();
    const ticksBefore = await fastTicks();

    const hours = await compress(RUN_MS);
    const ticks = (await fastTicks()) - ticksBefore;
    const shownAt = await wallClock();
    // Still alive and on the server's clock: the clock face follows the last jump.
    await page.waitForFunction((before) => document.querySelector("[data-testid=wall-clock]")?.textContent !== before, shownAt);
    expect(await wallRows(page).count()).toBe(rows);
    expect(await page.locator("[data-testid=wall-link]").getAttribute("class")).toContain("link-online");
    const end = await heapAfterGc();

    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
    console.log(
      `wall monitor heap: ${mb(warm)} after warm-up, ${mb(end)} after ${hours} more server hours with ${ticks} ticks of ${TICK_MS} ms (${mb(end - warm)} growth, bound ${mb(HEAP_BOUND)})`,
    );
    expect(hours).toBeGreaterThanOrEqual(15);
    expect(ticks).toBeGreaterThan(RUN_MS / Number(TICK_MS) / 10);
    expect(end).toBeLessThan(warm + HEAP_BOUND);
  });
});
