import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import {
  consoleSuite,
  demoToken,
  describeBrowser,
  errorNotices,
  opdIdOf,
  origin,
  screenshot,
  signIn,
  UI_TIMEOUT,
} from "../support/browser.js";
import { complaint, Q } from "../support/fixtures.js";

const HOUR = 3_600_000;

async function recordAndForward(
  url: string,
  token: string,
  opd: string,
): Promise<{ id: string; stageDueAt: string; trackingNumber: string }> {
  const c = (await ok(url, Q.record, { input: { ...complaint({ title: "Izin usaha mikro belum terbit" }), channel: "LAPOR" } }, token))
    .recordComplaint.case;
  return (await ok(url, Q.forward, { id: c.id, v: c.version, opd }, token)).forwardToOpd;
}

async function enteredStep2(url: string, token: string, id: string): Promise<Date> {
  const visits = (await ok(url, Q.case, { id }, token)).case.visits;
  return new Date(visits.find((v: { stage: string }) => v.stage === "INITIAL_RESPONSE").enteredAt);
}

const caseVersion = async (page: Page, origin: string, id: string) => {
  await page.goto(`${origin}/kasus/${id}`);
  return (await page.locator("[data-testid=case-sop-version]").textContent({ timeout: UI_TIMEOUT }))?.trim();
};

describeBrowser("revising the SOP", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("the Admin Instansi publishes step 2 as 3 h: a case submitted before keeps its 2 h due, one submitted after gets 3 h", async () => {
    const ts = suite.ts;
    const url = ts.app.url;
    const instansi = await demoToken(ts, "admin.instansi");
    const diskop = await opdIdOf(ts, instansi, "DISKOPUKMP");
    const calendar = await ts.app.services.calendars.forVersion(1);
    const before = await recordAndForward(url, instansi, diskop);
    expect(before.stageDueAt).toBe(calendar.addWorking(await enteredStep2(url, instansi, before.id), 2 * HOUR).toISOString());

    const { page } = await suite.open();
    await signIn(page, ts, "admin.instansi");
    await page.goto(`${origin(ts)}/sop?tab=draft`);
    await page.locator("[data-testid=sop-structural]").waitFor();
    await page.locator("[data-testid=sop-draft-open]").click();
    const step2 = page.locator("[data-testid=sop-draft-step][data-step='2']");
    await step2.locator("[data-testid=sop-step-hours]").fill("3");
    await page.locator("[data-testid=sop-draft-save]").click();
    await page.locator("[data-testid=sop-change][data-field='steps.2.time']").waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator("[data-testid=sop-change][data-field='steps.2.time'] .after").textContent()).toBe("3 Jam (jam kerja)");
    const projected = page.locator("[data-testid=sop-projection-row][data-step='2']");
    await projected.waitFor();
    expect(await projected.locator("td").nth(3).textContent()).toBe("3 Jam");
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "sop-draft-editor.png");
    await page.locator("[data-testid=sop-projection]").scrollIntoViewIfNeeded();
    await screenshot(page, "sop-draft-projection.png");

    await page.locator("[data-testid=sop-draft-publish]").click();
    await page.waitForURL("**/sop?tab=versions");
    const v2 = page.locator("article.version[data-version='2']");
    await v2.waitFor({ timeout: UI_TIMEOUT });
    expect(await v2.getAttribute("data-status")).toBe("IN_FORCE");
    expect(await page.locator("article.version[data-version='1']").getAttribute("data-status")).toBe("SUPERSEDED");
    expect(await v2.locator("[data-testid=sop-change]").count()).toBe(1);
    expect(await page.locator("[data-testid=sop-in-force]").textContent()).toContain("Versi 2 berlaku");
    expect(await errorNotices(page).count()).toBe(0);

    const after = await recordAndForward(url, instansi, diskop);
    expect(after.stageDueAt).toBe(calendar.addWorking(await enteredStep2(url, instansi, after.id), 3 * HOUR).toISOString());
    const kept = (await ok(url, Q.case, { id: before.id }, instansi)).case;
    expect(kept.stageDueAt).toBe(before.stageDueAt);
    expect(await caseVersion(page, origin(ts), before.id)).toBe("Versi 1");
    expect(await caseVersion(page, origin(ts), after.id)).toBe("Versi 2");

    await page.goto(`${origin(ts)}/sop?tab=draft`);
    await page.locator("[data-testid=sop-draft-open]").click();
    await page.locator("input[name=warningPercent]").fill("80");
    await page.locator("[data-testid=sop-draft-save]").click();
    await page.locator("[data-testid=sop-change][data-field=warningShare]").waitFor({ timeout: UI_TIMEOUT });
    await page.locator("[data-testid=sop-publish-later]").check();
    const at = new Date(ts.clock.now().getTime() + 7 * 24 * HOUR);
    await page.locator("[data-testid=sop-publish-at]").fill(new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 16));
    await page.locator("[data-testid=sop-draft-publish]").click();
    const v3 = page.locator("article.version[data-version='3']");
    await v3.waitFor({ timeout: UI_TIMEOUT });
    expect(await v3.getAttribute("data-status")).toBe("SCHEDULED");
    expect(await page.locator("[data-testid=sop-scheduled]").textContent()).toContain("Versi 3 dijadwalkan");
    await screenshot(page, "sop-versions.png");
    // Version 3 is not in force yet: a case submitted now still gets version 2's 3 h.
    const meanwhile = await recordAndForward(url, instansi, diskop);
    expect(meanwhile.stageDueAt).toBe(calendar.addWorking(await enteredStep2(url, instansi, meanwhile.id), 3 * HOUR).toISOString());

    await page.goto(`${origin(ts)}/sop?versi=1`);
    await page.locator("[data-testid=sop-document][data-version='1']").waitFor();
    expect(await page.locator("[data-testid=sop-step][data-stage=INITIAL_RESPONSE] .time").textContent()).toBe("2 Jam");
    await screenshot(page, "sop-document-version.png");
    await page.goto(`${origin(ts)}/sop`);
    await page.locator("[data-testid=sop-document][data-version='2']").waitFor();
    expect(await page.locator("[data-testid=sop-step][data-stage=INITIAL_RESPONSE] .time").textContent()).toBe("3 Jam");
  });

  it("prints the monitoring form of a period: per step done, within standard, median, P90 and an empty notes column", async () => {
    const ts = suite.ts;
    const { page } = await suite.open();
    await signIn(page, ts, "admin.instansi");
    const day = (at: Date) => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const now = ts.clock.now();
    await page.goto(`${origin(ts)}/sop/monitoring?dari=${day(new Date(now.getTime() - 60 * 24 * HOUR))}&sampai=${day(now)}`);
    const rows = page.locator("[data-testid=monitoring-row]");
    await rows.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await rows.count()).toBe(5);
    const step1 = rows.first();
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=monitoring-row] [data-col=done]")?.textContent) > 0);
    expect(Number(await step1.locator("[data-col=done]").textContent())).toBeGreaterThan(0);
    expect(await rows.locator("td.notes").allTextContents()).toEqual(["", "", "", "", ""]);
    await screenshot(page, "sop-monitoring.png");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".toolbar").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
