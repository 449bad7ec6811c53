import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import { complaint, Q } from "../support/fixtures.js";
import { consoleSuite, demoToken, describeBrowser, errorNotices, LAPTOP, opdIdOf, origin, screenshot, signIn } from "../support/browser.js";

/** The day the test's cases are handled on: two days after the demo's history ends (TEST_EPOCH, Monday). */
const DAY = "2026-11-25";

const REPORT = `query($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!) {
  complianceReport(from: $from, to: $to, groupBy: $groupBy) { rows { step opd { code } handled } totals { handled metCount breaches } }
}`;

describeBrowser("the Mutu Baku compliance reports", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("draws one bar per row with the hand-computed numbers, and downloads the same rows as CSV", async () => {
    const ts = suite.ts;
    // Wednesday 09:00 WITA: DINKES's cases handled today are only the ones made here.
    ts.clock.advanceHours(48);
    const instansi = await demoToken(ts, "admin.instansi");
    const dinkes = await opdIdOf(ts, instansi, "DINKES");
    const made: { id: string; version: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const r = (
        await ok(ts.app.url, Q.record, { input: { ...complaint({ title: `Antrean puskesmas ${i + 1}` }), channel: "LETTER" } }, instansi)
      ).recordComplaint;
      made.push((await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd: dinkes }, instansi)).forwardToOpd);
    }
    const ack = async (c: { id: string; version: number }) =>
      ok(ts.app.url, Q.acknowledge, { id: c.id, v: c.version, ir: "Diterima", rm: "Bahan" }, await demoToken(ts, "admin.dinkes"));
    // Step 2 (2 working hours): done after 1 h and 1.5 h (on time) and 2.5 h (breached); the fourth still running.
    // Totals over [0, 0, 0, 0, 1, 1.5, 2.5] h: median 0, P90 (continuous) 1.5 + 0.4 × 1 = 1.9.
    ts.clock.advanceHours(1);
    await ack(made[0]);
    ts.clock.advanceHours(0.5);
    await ack(made[1]);
    ts.clock.advanceHours(1);
    await ts.app.services.sweeper.sweepOnce();
    await ack(made[2]);

    const { page } = await suite.open(LAPTOP);
    await signIn(page, ts, "admin.instansi");
    await page.locator("[data-testid=nav-reports]").click();
    await page.waitForURL("**/laporan");
    await page.goto(`${origin(ts)}/laporan?dari=${DAY}&sampai=${DAY}&grup=STEP&opd=${dinkes}`);
    const rows = page.locator("[data-testid=report-table] [data-testid=report-row]");
    await page.locator("[data-testid=chart-share] [data-testid=chart-bar]").first().waitFor();

    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent!.trim())));
    expect(cells).toEqual([
      ["1. Penyampaian ke Admin OPD", "4", "4", "100,0%", "0,0", "0,0", "0", "0", "—"],
      ["2. Tanggapan Awal", "3", "2", "66,7%", "1,5", "2,3", "1", "0", "—"],
    ]);
    const totals = await page.locator("[data-testid=report-totals] td").allTextContents();
    expect(totals.map((s) => s.trim())).toEqual(["7", "6", "85,7%", "0,0", "1,9", "1", "0", "—"]);

    const shareBars = page.locator("[data-testid=chart-share] [data-testid=chart-bar]");
    expect(await shareBars.count()).toBe(cells.length);
    expect((await shareBars.evaluateAll((bars) => bars.map((b) => Number(b.getAttribute("data-value"))))).map((v) => v.toFixed(3))).toEqual(
      ["1.000", "0.667"],
    );
    const widths = await shareBars.evaluateAll((bars) => bars.map((b) => Number(b.getAttribute("width"))));
    expect(widths[1] / widths[0]).toBeCloseTo(2 / 3, 2);
    const shareText = await page.locator("[data-testid=chart-share] svg").textContent();
    expect(shareText).toContain("100,0% (4/4)");
    expect(shareText).toContain("66,7% (2/3)");
    expect(shareText).toContain("100%");
    const hourBars = page.locator("[data-testid=chart-hours] [data-testid=chart-bar]");
    expect(await hourBars.count()).toBe(cells.length * 2);
    expect(await page.locator("[data-testid=chart-hours] [data-series=p90]").count()).toBe(cells.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, "reports.png");

    const [file] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=download-csv]").click()]);
    expect(file.suggestedFilename()).toBe("kepatuhan-mutu-baku.csv");
    const lines = readFileSync((await file.path())!, "utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines).toEqual([
      "Langkah,Ditangani,Tepat waktu,% tepat waktu,Median jam kerja,P90 jam kerja,Pelanggaran,Tutup otomatis,Rata-rata penilaian",
      expect.stringMatching(/^DISPOSITION,4,4,100\.0,/),
      expect.stringMatching(/^INITIAL_RESPONSE,3,2,66\.7,1\.50,2\.30,1,0,$/),
      expect.stringMatching(/^Total,7,6,85\.7,/),
    ]);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=download-xlsx]").click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    expect(await errorNotices(page).count()).toBe(0);

    await page.locator("input[name=groupBy][value=OPD]").check();
    await expect.poll(() => page.locator("[data-testid=report-table] thead th").first().textContent()).toBe("Langkah");
    await expect.poll(() => page.url()).toContain("grup=STEP,OPD");
    await expect.poll(() => rows.first().locator("th").nth(1).textContent()).toBe("DINKES");
  });

  it("shows a refused download as a notice in the console's words", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, suite.ts, "admin.diskop");
    await page.goto(`${origin(suite.ts)}/laporan?dari=${DAY}&sampai=${DAY}`);
    await page.locator("[data-testid=report-summary]").waitFor();
    expect(await page.locator("select[name=opd]").count()).toBe(0);
    await page.route("**/reports/compliance.xlsx?**", (route) =>
      route.fulfill({
        status: 403,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "FORBIDDEN", message: "not yours" } }),
      }),
    );
    await page.locator("[data-testid=download-xlsx]").click();
    await expect.poll(() => errorNotices(page).allTextContents()).toEqual([expect.stringContaining("Anda tidak berwenang")]);
  });

  it("the Admin Instansi's monthly recap: totals, per step and per OPD for one WITA month, on A4", async () => {
    const ts = suite.ts;
    const instansi = await demoToken(ts, "admin.instansi");
    const month = await ok<{
      complianceReport: {
        rows: { step: string; opd: { code: string } | null; handled: number }[];
        totals: { handled: number; metCount: number; breaches: number };
      };
    }>(ts.app.url, REPORT, { from: "2026-10-31T16:00:00.000Z", to: "2026-11-30T16:00:00.000Z", groupBy: ["OPD"] }, instansi);
    const { page } = await suite.open(LAPTOP);
    await signIn(page, ts, "admin.instansi");
    await page.goto(`${origin(ts)}/laporan`);
    await page.locator("[data-testid=recap-link]").click();
    await page.waitForURL("**/laporan/rekap");
    await page.goto(`${origin(ts)}/laporan/rekap?bulan=2026-11`);
    await page.locator("[data-testid=recap]").waitFor();
    expect(await page.locator("[data-testid=recap-heading]").textContent()).toContain("November 2026");
    const totals = (await page.locator("[data-testid=recap-totals] [data-testid=report-totals] td").allTextContents()).map((s) => s.trim());
    expect(totals.slice(0, 2)).toEqual([String(month.complianceReport.totals.handled), String(month.complianceReport.totals.metCount)]);
    expect(await page.locator("[data-testid=recap-opds] [data-testid=report-row]").count()).toBe(month.complianceReport.rows.length);
    expect(await page.locator("[data-testid=recap-steps] [data-testid=report-row]").count()).toBeGreaterThanOrEqual(4);

    await page.locator("[data-testid=recap-prev]").click();
    await expect.poll(() => page.url()).toContain("bulan=2026-10");
    await page.locator("[data-testid=recap-next]").click();
    await expect.poll(() => page.url()).toContain("bulan=2026-11");
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
