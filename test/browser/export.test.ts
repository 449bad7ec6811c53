import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { columnCount, consoleSuite, describeBrowser, errorNotices, origin, signIn, UI_TIMEOUT } from "../support/browser.js";
import { parseCsv } from "../support/csv.js";

const STAGES = ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION", "CLOSED"];

const csvRecords = (text: string) => parseCsv(text).slice(1);

const shownOnBoard = async (page: Page) => (await Promise.all(STAGES.map((s) => columnCount(page, s)))).reduce((a, b) => a + b, 0);

describeBrowser("exporting the board's cases", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("downloads, with the keyboard, a CSV with one row per case the filtered board counts, then the same cases as JSON", async () => {
    const { page } = await suite.open();
    await signIn(page, suite.ts, "admin.instansi");
    const all = await shownOnBoard(page);
    await page.locator("select[aria-label='Semua kanal']").selectOption("LAPOR");
    await expect.poll(() => shownOnBoard(page), { timeout: UI_TIMEOUT }).toBeLessThan(all);
    await page.locator("[data-testid=board][aria-busy=false]").waitFor();
    const shown = await shownOnBoard(page);
    expect(shown).toBeGreaterThan(0);

    await page.locator("[data-testid=export-open]").focus();
    await page.keyboard.press("Enter");
    const dialog = page.locator("dialog[data-testid=export-dialog]");
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe("csv");
    expect(await dialog.locator("input[name=part]:checked").getAttribute("value")).toBe("cases");
    const [csv] = await Promise.all([page.waitForEvent("download"), dialog.locator("[data-testid=export-start]").click()]);
    expect(csv.suggestedFilename()).toMatch(/^kasus-\d{12}\.csv$/);
    const records = csvRecords(readFileSync((await csv.path())!, "utf8"));
    expect(records.length).toBe(shown);
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    await page.locator("[data-testid=notices] .notice-success", { hasText: `(${shown} kasus)` }).waitFor();

    await page.locator("[data-testid=export-open]").click();
    await dialog.locator("input[name=format][value=csv]").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await dialog.locator("input[name=format]:checked").getAttribute("value")).toBe("json");
    expect(await dialog.locator("input[name=part]").count()).toBe(0);
    const [json] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(json.suggestedFilename()).toMatch(/^kasus-\d{12}\.json$/);
    const doc = JSON.parse(readFileSync((await json.path())!, "utf8")) as { total: number; cases: { channel: string }[] };
    expect(doc.total).toBe(shown);
    expect(doc.cases.length).toBe(shown);
    expect(new Set(doc.cases.map((c) => c.channel))).toEqual(new Set(["LAPOR"]));
    expect(await errorNotices(page).count()).toBe(0);
  });

  it("a refused export says why; Escape closes the dialog", async () => {
    const { page } = await suite.open();
    await signIn(page, suite.ts, "admin.diskop");
    await page.route("**/exports/cases.xlsx**", (route) =>
      route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "VALIDATION", message: "stage: must be one of …" } }),
      }),
    );
    await page.locator("[data-testid=export-open]").click();
    const dialog = page.locator("dialog[data-testid=export-dialog]");
    await dialog.locator("input[name=format][value=xlsx]").check();
    await dialog.locator("[data-testid=export-start]").click();
    await expect
      .poll(() => errorNotices(page).allTextContents())
      .toEqual([expect.stringContaining("Isian belum benar: stage: must be one of")]);
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect(page.url()).toBe(`${origin(suite.ts)}/`);
  });
});
