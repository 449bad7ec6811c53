import { expect, it } from "vitest";
import { SOP_V1 } from "../../server/src/sop/sop.definition.js";
import { ok } from "../support/client.js";
import { complaint, Q } from "../support/fixtures.js";
import { consoleSuite, demoToken, describeBrowser, opdIdOf, origin, screenshot, signIn } from "../support/browser.js";

interface Visit {
  stage: string;
  round: number;
}

describeBrowser("the printable case file (A4 portrait)", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("shows every stage visit in order with the SOP's words, hides a confidential complainant, and prints to a PDF", async () => {
    const ts = suite.ts;
    const instansi = await demoToken(ts, "admin.instansi");
    const admin = await demoToken(ts, "admin.diskop");
    const liaison = await demoToken(ts, "penghubung.diskop");
    const diskop = await opdIdOf(ts, instansi, "DISKOPUKMP");

    const input = {
      ...complaint({ confidential: true, complainantName: "Rahasia Sekali" }),
      channel: "LAPOR",
      laporTrackingId: "LAPOR-7770001",
    };
    const r = (await ok(ts.app.url, Q.record, { input }, instansi)).recordComplaint;
    const id: string = r.case.id;
    let v: number = r.case.version;
    v = (await ok(ts.app.url, Q.forward, { id, v, opd: diskop }, instansi)).forwardToOpd.version;
    v = (await ok(ts.app.url, Q.acknowledge, { id, v, ir: "Diterima, sedang kami periksa.", rm: "Bahan laporan berkas" }, admin))
      .acknowledgeComplaint.version;
    v = (await ok(ts.app.url, Q.answer, { id, v, an: "Analisa berkas", ans: "Jawaban berkas pertama.", who: "Kabid UMKM" }, liaison))
      .submitAnswer.version;
    v = (await ok(ts.app.url, Q.deliver, { id, v }, admin)).deliverAnswer.version;
    v = (await ok(ts.app.url, Q.reply, { tn: r.trackingNumber, code: r.accessCode, v, reply: "Belum jelas, mohon rinci." }, undefined))
      .replyToAnswer.version;
    await ok(ts.app.url, Q.acknowledge, { id, v, ir: "Tanggapan kedua.", rm: "Bahan kedua" }, admin);
    const visits = (await ok<{ case: { visits: Visit[] } }>(ts.app.url, Q.case, { id }, instansi)).case.visits;
    expect(visits.length).toBe(7);

    const { page } = await suite.open();
    await signIn(page, ts, "admin.diskop");
    await page.goto(`${origin(ts)}/kasus/${id}`);
    await page.locator("[data-testid=case-file-link]").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/kasus/${id}/berkas`);
    const rows = page.locator("[data-testid=file-visit]");
    await rows.first().waitFor();

    expect(await rows.count()).toBe(visits.length);
    const stepOf = (stage: string) => SOP_V1.steps.find((s) => s.stage === stage)!;
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim())));
    cells.forEach((c, i) => {
      const step = stepOf(visits[i].stage);
      expect(c[0]).toContain(`${step.number}. ${step.description}`);
      expect(c[1]).toBe(step.actorLabel);
      expect(c[2]).toMatch(/WITA$/);
    });
    expect(cells[0][5]).toBe("Admin Instansi Kota Samarinda");
    expect(cells[1][5]).toBe("Admin OPD Diskop UKM");
    expect(cells[0][6]).toMatch(/^(Tepat waktu|Terlambat)$/);
    expect(cells[4][0]).toContain("Menerima hasil tindak lanjut pengaduan");
    expect(cells[5][0]).toContain("Putaran 2");

    const doc = page.locator("[data-testid=case-file]");
    const text = await doc.innerText();
    expect(text).toContain(SOP_V1.government.toUpperCase());
    expect(text).toContain("Dinas Koperasi, Usaha Kecil Menengah dan Perindustrian");
    expect(text).toContain("BERKAS PENGADUAN");
    expect(text).toContain(r.trackingNumber);
    expect(text).toContain("LAPOR-7770001");
    expect(text).toContain("Jawaban berkas pertama.");
    expect(text).toContain("Kabid UMKM");
    expect(text).toContain("Belum jelas, mohon rinci.");
    expect(await page.locator("[data-testid=file-complainant]").innerText()).toContain("Rahasia");
    expect(text).not.toContain("Rahasia Sekali");
    const signatures = await page.locator("[data-testid=file-signatures]").innerText();
    expect(signatures).toContain("Mengetahui,");
    expect(signatures).toContain(SOP_V1.approvedBy.name);
    expect(signatures).toContain(`NIP. ${SOP_V1.approvedBy.nip}`);
    expect(signatures).toContain("Pejabat Penghubung Diskop UKM");
    expect(await page.locator("[data-testid=printed-at]").innerText()).toMatch(/^Dicetak .+ WITA$/);

    await page.evaluate(() => {
      window.print = () =>
        void ((window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1);
    });
    await page.locator("[data-testid=print]").click();
    expect(await page.evaluate(() => (window as unknown as { printed?: number }).printed)).toBe(1);

    await page.emulateMedia({ media: "print" });
    // A4 at 96 dpi less the page margins: the picture shows the printed page's width.
    await page.setViewportSize({ width: 680, height: 1000 });
    expect(await page.locator(".toolbar").isVisible()).toBe(false);
    await screenshot(page, "case-file-print.png");
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
