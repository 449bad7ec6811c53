import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { ok } from "../support/client.js";
import { Q } from "../support/fixtures.js";
import {
  consoleSuite,
  demoToken,
  signIn,
  describeBrowser,
  markPage,
  notReloaded,
  opdIdOf,
  openWallMonitor,
  screenshot,
  UI_TIMEOUT,
  wallRow,
  wallRows,
} from "../support/browser.js";
import type { TestServer } from "../support/server.js";

const RUNNING = "[data-testid=wall-row][data-state=ON_TRACK], [data-testid=wall-row][data-state=WARNING]";

describeBrowser("the wall monitor in a real browser (1920×1080)", () => {
  const suite = consoleSuite({ closeBrowsers: "afterAll" });
  let ts: TestServer;
  let instansi: string;
  let diskop: string;
  let page: Page;

  beforeAll(async () => {
    ts = suite.ts;
    instansi = await demoToken(ts, "admin.instansi");
    diskop = await opdIdOf(ts, instansi, "DISKOPUKMP");
    page = await openWallMonitor(suite);
  });

  /** Tracking numbers in screen order, with each row's state. */
  const shownRows = () =>
    wallRows(page).evaluateAll((rows) =>
      rows.map((r) => ({ tracking: r.getAttribute("data-tracking")!, state: r.getAttribute("data-state")! })),
    );
  const secondsOf = async (tracking: string) =>
    Number(await wallRow(page, tracking).locator("[data-testid=wall-time]").getAttribute("data-seconds"));

  it("shows the running cases of its OPD that fit the screen, counts the rest, and no complainant; the token leaves the address bar", async () => {
    const open: { tracking_number: string }[] = await ts.app.dataSource.query(
      `SELECT tracking_number FROM complaint_case WHERE opd_id = $1 AND stage <> 'CLOSED' ORDER BY tracking_number`,
      [diskop],
    );
    const all = open.map((r) => r.tracking_number);
    const more = async () =>
      Number(
        (
          await page
            .locator("[data-testid=wall-more]")
            .textContent()
            .catch(() => "0")
        )?.match(/\d+/)?.[0] ?? 0,
      );
    await expect.poll(async () => (await shownRows()).length + (await more()), { timeout: UI_TIMEOUT }).toBe(all.length);
    const shown = (await shownRows()).map((r) => r.tracking);
    expect(shown.every((t) => all.includes(t))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    expect(new URL(page.url()).searchParams.has("token")).toBe(false);
    await page.locator("[data-testid=wall] .scope").filter({ hasText: "DISKOPUKMP" }).waitFor();
    await screenshot(page, "wall-monitor.png");

    const board = await ok(ts.app.url, `{ board(perColumn: 500) { columns { cards { complainant { name contact } } } } }`, {}, instansi);
    const people = board.board.columns
      .flatMap((c: { cards: { complainant: { name: string | null; contact: string | null } | null }[] }) => c.cards)
      .flatMap((c: { complainant: { name: string | null; contact: string | null } | null }) => [
        c.complainant?.name,
        c.complainant?.contact,
      ])
      .filter((x: string | null | undefined): x is string => !!x);
    expect(people.length).toBeGreaterThan(20);
    const text = await page.locator("body").innerText();
    expect(people.filter((p: string) => text.includes(p))).toEqual([]);
    expect(await page.content()).not.toMatch(/Warga \d|0812-5500/);
  });

  it("on a taller screen shows every running case of its OPD", async () => {
    await page.setViewportSize({ width: 1920, height: 4000 });
    const open: { tracking_number: string }[] = await ts.app.dataSource.query(
      `SELECT tracking_number FROM complaint_case WHERE opd_id = $1 AND stage <> 'CLOSED' ORDER BY tracking_number`,
      [diskop],
    );
    await expect
      .poll(async () => (await shownRows()).map((r) => r.tracking).sort(), { timeout: UI_TIMEOUT })
      .toEqual(open.map((r) => r.tracking_number));
    expect(await page.locator("[data-testid=wall-more]").count()).toBe(0);
  });

  it("counts a running case down by itself", async () => {
    const row = page.locator(RUNNING).first();
    await row.waitFor();
    const tracking = (await row.getAttribute("data-tracking"))!;
    const start = await secondsOf(tracking);
    expect(start).toBeGreaterThan(0);
    await page.waitForFunction(
      ({ tracking, start }) =>
        Number(
          document
            .querySelector(`[data-testid=wall-row][data-tracking="${tracking}"] [data-testid=wall-time]`)
            ?.getAttribute("data-seconds"),
        ) <=
        start - 2,
      { tracking, start },
    );
  });

  it("a running case that passes its due time turns BREACHED, red, and joins the overdue rows at the top", async () => {
    const rows = await shownRows();
    const next = rows.find((r) => r.state === "ON_TRACK" || r.state === "WARNING")!;
    const [{ due }] = await ts.app.dataSource.query(`SELECT stage_due_at AS due FROM complaint_case WHERE tracking_number = $1`, [
      next.tracking,
    ]);
    const wasBreached = rows.filter((r) => r.state === "BREACHED").length;

    ts.clock.advanceHours((new Date(due).getTime() - ts.clock.now().getTime()) / 3_600_000 + 0.05);
    await wallRow(page, next.tracking).and(page.locator("[data-state=BREACHED]")).waitFor();
    expect(await secondsOf(next.tracking)).toBeLessThan(0);

    const after = await shownRows();
    const at = after.findIndex((r) => r.tracking === next.tracking);
    expect(after.slice(0, at + 1).every((r) => r.state === "BREACHED")).toBe(true);
    expect(at).toBeGreaterThanOrEqual(wasBreached);
    const [r, g, bl] = (await wallRow(page, next.tracking).evaluate((el) => getComputedStyle(el).backgroundColor))
      .match(/\d+/g)!
      .map(Number);
    expect(r).toBeGreaterThan(70);
    expect(r).toBeGreaterThan(2 * g);
    expect(r).toBeGreaterThan(2 * bl);
  });

  it("rides out a server restart: says it is reconnecting, then shows live rows again without a reload", async () => {
    await markPage(page);
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { linkSeen: string[] }).linkSeen = seen;
      const link = document.querySelector("[data-testid=wall-link]")!;
      new MutationObserver(() => seen.push(link.className)).observe(link, { attributes: true, attributeFilter: ["class"] });
    });

    await ts.restart({ samePort: true });
    await page.waitForFunction(() => (window as unknown as { linkSeen: string[] }).linkSeen.some((c) => c.includes("link-online")));
    const seen = await page.evaluate(() => (window as unknown as { linkSeen: string[] }).linkSeen);
    expect(seen.findIndex((c) => /link-(reconnecting|offline)/.test(c))).toBeGreaterThanOrEqual(0);
    expect(seen.findIndex((c) => /link-(reconnecting|offline)/.test(c))).toBeLessThan(seen.findIndex((c) => c.includes("link-online")));
    expect(await notReloaded(page)).toBe(true);

    // Live again: a case forwarded to the OPD now shows up by itself.
    const token = await demoToken(ts, "admin.instansi");
    const board = await ok(
      ts.app.url,
      `{ board(perColumn: 1, filter: { stages: [DISPOSITION] }) { columns { stage cards { id version trackingNumber } } } }`,
      {},
      token,
    );
    const fresh = board.board.columns.find((c: { stage: string }) => c.stage === "DISPOSITION").cards[0];
    expect(await wallRow(page, fresh.trackingNumber).count()).toBe(0);
    await ok(ts.app.url, Q.forward, { id: fresh.id, v: fresh.version, opd: diskop }, token);
    await wallRow(page, fresh.trackingNumber).waitFor();
    expect(await notReloaded(page)).toBe(true);
  });

  it("an Admin OPD makes a screen's link on /layar, pages the list, and revokes it; the wall is then refused", async () => {
    const admin = await demoToken(ts, "admin.diskop");
    for (let i = 0; i < 50; i++) await ok(ts.app.url, `mutation { createDisplayToken(label: "Layar lama ${i}") { token } }`, {}, admin);
    const { page: laptop } = await suite.open();
    await signIn(laptop, ts, "admin.diskop");
    await laptop.goto(`${new URL(ts.app.url).origin}/layar`);
    await laptop.locator("input[name=label]").fill("TV ruang tunggu");
    await laptop.locator("form.create button[type=submit]").click();
    const link = await laptop.locator("[data-testid=display-link] a").getAttribute("href");
    expect(link).toMatch(/\/monitor\?token=/);
    const rows = laptop.locator("section.tokens tbody tr");
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(50);
    await laptop.locator("[data-testid=display-tokens-more]").click();
    await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBeGreaterThan(50);
    expect(await laptop.locator("[data-testid=display-tokens-more]").count()).toBe(0);
    await rows.filter({ hasText: "TV ruang tunggu" }).getByRole("button").click();
    await rows
      .filter({ hasText: "TV ruang tunggu" })
      .filter({ hasText: /dicabut/i })
      .waitFor();
    const token = new URL(link!).searchParams.get("token")!;
    const refused = await fetch(ts.app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ display { id } }" }),
    });
    expect(refused.status).toBe(401);
  });
});
