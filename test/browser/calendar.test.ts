import type { Locator, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { ok } from "../support/client.js";
import { consoleSuite, demoToken, describeBrowser, errorNotices, LAPTOP, screenshot, signIn, UI_TIMEOUT } from "../support/browser.js";
import { complaint, Q } from "../support/fixtures.js";
import type { TestServer } from "../support/server.js";

const dayRow = (page: Page, date: string): Locator => page.locator(`[data-testid=calendar-day][data-date="${date}"]`);
const form = (page: Page): Locator => page.locator("dialog[data-testid=calendar-dialog]");
const wita = (local: string) => new Date(`${local}+08:00`).toISOString();

/** The Kalender page, reached through the header's link, at 2026. */
async function openCalendar(page: Page, ts: TestServer, username: string): Promise<void> {
  await signIn(page, ts, username);
  await page.locator("[data-testid=nav-calendar]").click();
  await page.waitForURL("**/kalender");
  await page.locator("[data-testid=calendar-days]").waitFor();
}

describeBrowser("the Kalender page", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });
  let ts: TestServer;
  let instansi: string;

  /** A complaint recorded now: its first step (Disposisi, 24 working hours) starts now. */
  const recorded = async (): Promise<{ id: string; stageDueAt: string }> =>
    (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, instansi)).recordComplaint.case;
  const dueOf = async (id: string): Promise<string> =>
    (await ok(ts.app.url, `query($id: ID!) { case(id: $id) { stageDueAt } }`, { id }, instansi)).case.stageDueAt;
  const at9 = (due: string) => new Date(Date.parse(due)).toISOString().slice(0, 13);

  beforeAll(async () => {
    ts = suite.ts;
    // Monday 21 December 2026, 09:00 WITA: 24 working hours reach over the cuti bersama of the 24th and Christmas.
    ts.clock.advanceHours(28 * 24);
    instansi = await demoToken(ts, "admin.instansi");
  });

  it("a holiday removed and a closure added on the page move only the deadlines of steps that start after", async () => {
    const before = await recorded();
    // Mon 7 h, Tue 8, Wed 8, then Thu 24 (cuti bersama) and Fri 25 (Natal) are off: Monday the 28th, 09:00.
    expect(at9(before.stageDueAt)).toBe(at9(wita("2026-12-28T09:00:00")));

    const { page } = await suite.open(LAPTOP);
    await openCalendar(page, ts, "admin.instansi");
    await expect
      .poll(() => page.locator("[data-testid=calendar-source]").getAttribute("data-source"), { timeout: UI_TIMEOUT })
      .toBe("DECREE");
    expect(await page.locator("[data-testid=calendar-source]").innerText()).toContain("No. 1497 Tahun 2025");
    const idulFitri = dayRow(page, "2026-03-21");
    expect(await idulFitri.innerText()).toContain("Idul Fitri 1447 Hijriah");
    expect(await idulFitri.innerText()).toContain("SKB");
    expect(await dayRow(page, "2026-01-16").innerText()).toContain("Isra Mikraj");
    await screenshot(page, "calendar.png");

    await dayRow(page, "2026-12-24").locator("[data-testid=calendar-remove]").click();
    await form(page).waitFor();
    expect(await form(page).innerText()).toContain("Data aslinya tetap disimpan");
    // The reason has the focus: type it and press Enter.
    await page.keyboard.type("Pelayanan tetap buka (Surat Wali Kota 800/123)");
    await page.keyboard.press("Enter");
    await expect.poll(() => dayRow(page, "2026-12-24").getAttribute("data-off"), { timeout: UI_TIMEOUT }).toBe("false");
    expect(await dayRow(page, "2026-12-24").innerText()).toContain("Hari kerja (libur dibatalkan)");
    expect(await dayRow(page, "2026-12-24").innerText()).toContain("admin.instansi");

    const afterRemoval = await recorded();
    // Thursday the 24th is a working day now: 24 working hours end there, at 09:00.
    expect(at9(afterRemoval.stageDueAt)).toBe(at9(wita("2026-12-24T09:00:00")));
    expect(await dueOf(before.id)).toBe(before.stageDueAt);

    await page.locator("[data-testid=calendar-add]").click();
    await form(page).waitFor();
    await form(page).locator("[data-testid=calendar-form-date]").fill("2026-12-21");
    await form(page).locator("[data-testid=calendar-form-name]").fill("Penutupan kantor: pemadaman listrik");
    await form(page).locator("[data-testid=calendar-form-reason]").fill("Pemberitahuan PLN");
    await screenshot(page, "calendar-add.png");
    await form(page).locator("[data-testid=calendar-form-submit]").click();
    await dayRow(page, "2026-12-21").waitFor({ timeout: UI_TIMEOUT });
    expect(await dayRow(page, "2026-12-21").innerText()).toContain("Lokal");

    const afterClosure = await recorded();
    // Today is closed: Tuesday to Thursday, 24 working hours end on Thursday at 16:00.
    expect(afterClosure.stageDueAt).toBe(wita("2026-12-24T16:00:00"));
    expect(await dueOf(before.id)).toBe(before.stageDueAt);
    expect(await dueOf(afterRemoval.id)).toBe(afterRemoval.stageDueAt);

    // A second add of the same day is refused in Indonesian, and nothing changes.
    await page.locator("[data-testid=calendar-add]").click();
    await form(page).locator("[data-testid=calendar-form-date]").fill("2026-12-21");
    await form(page).locator("[data-testid=calendar-form-name]").fill("Lagi");
    await form(page).locator("[data-testid=calendar-form-reason]").fill("Dua kali");
    await form(page).locator("[data-testid=calendar-form-submit]").click();
    await errorNotices(page).first().waitFor({ timeout: UI_TIMEOUT });
    expect(await errorNotices(page).first().innerText()).toContain("sudah hari libur");
    await page.keyboard.press("Escape");

    await page.locator("[data-testid=calendar-hours]").scrollIntoViewIfNeeded();
    await screenshot(page, "calendar-hours.png");
    const trail = await ts.app.dataSource.query(
      `SELECT actor_name, action, subject_id FROM admin_change WHERE subject_type = 'CALENDAR' ORDER BY id`,
    );
    expect(trail).toEqual([
      { actor_name: "admin.instansi", action: "CALENDAR_DAY_OVERRIDDEN", subject_id: "2026-12-24" },
      { actor_name: "admin.instansi", action: "CALENDAR_DAY_ADDED", subject_id: "2026-12-21" },
    ]);
  });

  it("an Admin OPD reads the calendar, with no way to change it", async () => {
    const { page } = await suite.open(LAPTOP);
    await openCalendar(page, ts, "admin.diskop");
    await page.locator("[data-testid=calendar-read-only]").waitFor();
    expect(await page.locator("[data-testid=calendar-add]").count()).toBe(0);
    expect(await page.locator("[data-testid=calendar-remove]").count()).toBe(0);
    expect(await page.locator("[data-testid=calendar-hours] input").count()).toBe(0);
    await page.locator("[data-testid=calendar-next]").click();
    await expect
      .poll(() => page.locator("[data-testid=calendar-source]").getAttribute("data-source"), { timeout: UI_TIMEOUT })
      .toBe("LIBRARY");
    expect(await page.locator("[data-testid=calendar-source]").innerText()).toContain("date-holidays");
    await screenshot(page, "calendar-2027-read-only.png");
  });
});
