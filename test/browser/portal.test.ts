import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import { Q } from "../support/fixtures.js";
import { consoleSuite, demoToken, describeBrowser, opdIdOf, origin, screenshot, signIn } from "../support/browser.js";

const PHONE = { width: 390, height: 844 };

describeBrowser("the complainant's portal on a phone (390×844)", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("submits a complaint, keeps the code, follows it, and accepts the answer with a rating", async () => {
    const ts = suite.ts;
    const { page } = await suite.open(PHONE);
    await page.goto(`${origin(ts)}/lapor`);
    expect(await page.locator("h1").first().textContent()).toContain("Tulis pengaduan");
    await page.fill("input[name=title]", "Jalan rusak depan Pasar Segiri");
    await page.fill("textarea[name=description]", "Lubang besar di depan pasar, sudah dua minggu belum diperbaiki.");
    await page.fill("input[name=location]", "Jl. Pahlawan, Samarinda Ulu");
    await page.check("input[name=identity][value=confidential]");
    await page.fill("input[name=name]", "Siti Rahmawati");
    await page.fill("input[name=contact]", "0813-4444-5555");
    await page.getByRole("button", { name: "Kirim pengaduan" }).click();
    const tracking = (await page.locator("[data-testid=receipt-tracking]").textContent())!.trim();
    const code = (await page.locator("[data-testid=receipt-code]").textContent())!.trim();
    expect(tracking).toMatch(/^ADU-\d{4}-\d{6}$/);
    expect(code.length).toBeGreaterThanOrEqual(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, "portal-receipt.png");

    await page.getByRole("link", { name: "Lihat status" }).click();
    await page.locator("[data-testid=portal-stage][data-stage=DISPOSITION]").waitFor();
    expect(await page.locator("[data-testid=portal-case]").innerText()).toContain("Jl. Pahlawan, Samarinda Ulu");

    const instansi = await demoToken(ts, "admin.instansi");
    const found = await ok<{ cases: { edges: { node: { id: string; version: number; trackingNumber: string } }[] } }>(
      ts.app.url,
      `query($text: String) { cases(first: 5, filter: { text: $text }) { edges { node { id version trackingNumber } } } }`,
      { text: tracking },
      instansi,
    );
    const c = found.cases.edges.map((e) => e.node).find((n) => n.trackingNumber === tracking)!;
    const diskop = await opdIdOf(ts, instansi, "DISKOPUKMP");
    let v = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: diskop }, instansi)).forwardToOpd.version;
    const admin = await demoToken(ts, "admin.diskop");
    v = (await ok(ts.app.url, Q.acknowledge, { id: c.id, v, ir: "Pengaduan Anda kami terima.", rm: "Cek lokasi" }, admin))
      .acknowledgeComplaint.version;
    const liaison = await demoToken(ts, "penghubung.diskop");
    v = (
      await ok(ts.app.url, Q.answer, { id: c.id, v, an: "Sudah dicek", ans: "Perbaikan dijadwalkan minggu depan.", who: "Kabid" }, liaison)
    ).submitAnswer.version;
    await ok(ts.app.url, Q.deliver, { id: c.id, v, ans: null }, admin);

    await page.reload();
    await page.locator("[data-testid=portal-stage][data-stage=CONFIRMATION]").waitFor();
    expect(await page.locator("[data-testid=portal-answer]").textContent()).toContain("Perbaikan dijadwalkan");
    expect(await page.locator("body").innerText()).not.toContain("Cek lokasi");
    await page.check("input[name=rating][value='4']");
    await page.fill("textarea[name=comment]", "Terima kasih, cepat.");
    await screenshot(page, "portal-status.png");
    await page.locator("[data-testid=portal-accept]").click();
    await page.locator("[data-testid=portal-stage][data-stage=CLOSED]").waitFor();

    const closed = await ok<{ case: { stage: string; rating: number; closedByRole: string; ratingComment: string } }>(
      ts.app.url,
      `query($id: ID!) { case(id: $id) { stage rating ratingComment closedByRole } }`,
      { id: c.id },
      instansi,
    );
    expect(closed.case).toEqual({ stage: "CLOSED", rating: 4, ratingComment: "Terima kasih, cepat.", closedByRole: "COMPLAINANT" });
  });

  it("a wrong access code opens nothing", async () => {
    const { page } = await suite.open(PHONE);
    await page.goto(`${origin(suite.ts)}/lapor/status`);
    await page.fill("input[name=trackingNumber]", "ADU-2026-000001");
    await page.fill("input[name=accessCode]", "AAAA-BBBB-CCCC");
    await page.getByRole("button", { name: "Lihat status" }).click();
    expect(await page.locator("[data-testid=portal-error]").textContent()).toContain("tidak cocok");
    expect(await page.locator("[data-testid=portal-case]").count()).toBe(0);
  });

  it("the Admin Instansi records a LAPOR! complaint received yesterday, and is warned when the same LAPOR! id comes again", async () => {
    const ts = suite.ts;
    const { page } = await suite.open();
    await signIn(page, ts, "admin.instansi");
    await page.getByRole("link", { name: "Catat Pengaduan" }).click();
    const yesterday = new Date(ts.clock.now().getTime() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
    const fill = async () => {
      await page.selectOption("select[name=channel]", "LAPOR");
      await page.fill("input[name=receivedAt]", yesterday);
      await page.fill("input[name=laporTrackingId]", "LPR-7781234");
      await page.fill("input[name=title]", "Izin usaha mikro tertahan");
      await page.fill("textarea[name=description]", "Pengajuan izin usaha mikro belum diproses sejak bulan lalu.");
      await page.fill("input[name=name]", "Andi");
    };
    await fill();
    expect(await page.locator("[data-testid=duplicates]").count()).toBe(0);
    await page.getByRole("button", { name: "Catat", exact: true }).click();
    const receipt = (await page.locator("[data-testid=intake-receipt]").textContent())!;
    const tracking = receipt.match(/ADU-\d{4}-\d{6}/)![0];

    const instansi = await demoToken(ts, "admin.instansi");
    const found = await ok<{
      cases: { edges: { node: { trackingNumber: string; channel: string; laporTrackingId: string; receivedAt: string } }[] };
    }>(
      ts.app.url,
      `query($text: String) { cases(first: 5, filter: { text: $text }) { edges { node { trackingNumber channel laporTrackingId receivedAt } } } }`,
      { text: tracking },
      instansi,
    );
    const made = found.cases.edges.map((e) => e.node).find((n) => n.trackingNumber === tracking)!;
    expect(made).toMatchObject({ channel: "LAPOR", laporTrackingId: "LPR-7781234" });
    expect(new Date(made.receivedAt).toISOString().slice(0, 16)).toBe(new Date(`${yesterday}:00+08:00`).toISOString().slice(0, 16));

    await fill();
    await page.locator("[data-testid=duplicates]").filter({ hasText: tracking }).waitFor();
  });
});
