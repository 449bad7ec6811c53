import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import {
  caseState,
  cardOf,
  column,
  consoleSuite,
  demoToken,
  describeBrowser,
  dialog,
  errorNotices,
  fitsWidth,
  LAPTOP,
  movableCard,
  navigate,
  screenshot,
  signIn,
  UI_TIMEOUT,
} from "../support/browser.js";

const templateRow = (page: Page, name: string): Locator =>
  page.locator("[data-testid=template-row]").filter({ has: page.locator("th", { hasText: name }) });
const templateDialog = (page: Page): Locator => page.locator("dialog[data-testid=template-dialog]");

describeBrowser("answer templates", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("the Admin OPD writes a template with a preview, told in Indonesian of a misspelt placeholder; city-wide ones are read-only to it", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, suite.ts, "admin.diskop");
    await navigate(page, "nav-templates");
    await page.waitForURL("**/templat");
    await templateRow(page, "Tanggapan awal — UMKM").waitFor();
    expect(await templateRow(page, "Tanggapan awal — UMKM").locator("[data-testid=template-edit]").count()).toBe(1);
    expect(await templateRow(page, "Ditutup — tidak ada tanggapan").locator("[data-testid=template-edit]").count()).toBe(0);
    expect((await templateRow(page, "Ditutup — tidak ada tanggapan").locator("td").nth(1).textContent())?.trim()).toBe("Seluruh kota");

    await page.locator("[data-testid=template-new]").click();
    await templateDialog(page).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
    await page.keyboard.type("Jawaban UMKM — bantuan modal");
    const uses = await templateDialog(page).locator("select[name=use] option").allTextContents();
    expect(uses).not.toContain("Alasan penolakan (langkah 1)");
    await templateDialog(page).locator("select[name=use]").selectOption("ANSWER");
    const body = templateDialog(page).locator("textarea[name=body]");
    await body.fill("Pengaduan {nama} tentang {judul} telah kami periksa bersama Bidang UMKM. ");
    const problem = templateDialog(page).locator("[data-testid=template-body-problem]");
    await expect
      .poll(() => problem.textContent(), { timeout: UI_TIMEOUT })
      .toBe("Data kasus tidak dikenal: {nama}. Gunakan tombol sisipkan di atas.");
    // The chips insert at the cursor: the misspelt one is replaced by the real one.
    await body.evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      el.setSelectionRange(10, 16);
    });
    await templateDialog(page).locator("[data-placeholder=nomor]").click();
    await body.press("Control+End");
    await body.pressSequentially("Batas waktu: {batas_waktu}.");
    const preview = templateDialog(page).locator("[data-testid=template-preview]");
    await expect
      .poll(() => preview.textContent(), { timeout: UI_TIMEOUT })
      .toMatch(
        /^Pengaduan ADU-2026-000123 tentang Contoh: lampu jalan di Jalan Pahlawan padam telah kami periksa bersama Bidang UMKM\. Batas waktu: \d+ \w+ \d{4} pukul \d\d\.\d\d WITA\.$/,
      );
    expect(await problem.count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "templates-dialog.png");
    await templateDialog(page).locator("[data-testid=template-submit]").click();
    await templateDialog(page).waitFor({ state: "hidden" });
    const made = templateRow(page, "Jawaban UMKM — bantuan modal");
    expect((await made.locator("td").allTextContents()).slice(0, 2).map((c) => c.trim())).toEqual(["Jawaban (langkah 3)", "DISKOPUKMP"]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("template-edit");

    // A name another template of the OPD holds: the server's CONFLICT, worded under the name.
    await page.locator("[data-testid=template-new]").click();
    await templateDialog(page).locator("input[name=name]").fill("jawaban umkm — bantuan modal");
    await templateDialog(page).locator("select[name=use]").selectOption("ANSWER");
    await body.fill("Teks lain");
    await templateDialog(page).locator("[data-testid=template-submit]").click();
    await expect
      .poll(() => templateDialog(page).locator(".problem").allTextContents(), { timeout: UI_TIMEOUT })
      .toEqual(["Nama ini sudah dipakai templat lain. Pilih nama lain."]);
    await templateDialog(page).locator("button", { hasText: "Batal" }).click();

    await templateRow(page, "Tanggapan awal — UMKM").locator("[data-testid=template-deactivate]").click();
    await templateRow(page, "Tanggapan awal — UMKM").locator("[data-testid=template-activate]").waitFor();
    expect(await errorNotices(page).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "templates.png");
  });

  it("the liaison picks the OPD's template in the answer dialog: the text is filled for the case and stays editable", async () => {
    const ts = suite.ts;
    const admin = await demoToken(ts, "admin.diskop");
    const opdId = (await ok(ts.app.url, `{ me { opd { id } } }`, {}, admin)).me.opd.id as string;
    await ok(
      ts.app.url,
      `mutation($o: ID) { createAnswerTemplate(opdId: $o, name: "Jawaban UMKM — perizinan", use: ANSWER, body: "Pengaduan {nomor} ({judul}) sudah ditindaklanjuti {opd}.") { id } }`,
      { o: opdId },
      admin,
    );
    const { page } = await suite.open(LAPTOP);
    await signIn(page, ts, "penghubung.diskop");
    const id = await movableCard(page, "ANALYSIS");
    const before = await caseState(ts, admin, id);
    const { trackingNumber, title } = (await ok(ts.app.url, `query($id: ID!) { case(id: $id) { trackingNumber title } }`, { id }, admin))
      .case;
    await cardOf(page, id).dragTo(column(page, "DELIVERY"));
    await dialog(page).waitFor();
    const pick = dialog(page).locator("[data-testid=template-pick]");
    await pick.waitFor();
    // The OPD's own templates come first, then the city-wide ones.
    const groups = await pick.locator("optgroup").evaluateAll((gs) => gs.map((g) => g.getAttribute("label")));
    expect(groups).toEqual(["Templat DISKOPUKMP", "Templat seluruh kota"]);
    const answer = dialog(page).locator("textarea[name=answer]");
    await answer.fill("Jawaban yang sudah diketik.");
    await pick.focus();
    await pick.selectOption({ label: "Jawaban UMKM — perizinan" });
    // Choosing alone changes nothing; Pakai fills, and what was typed can be taken back.
    expect(await answer.inputValue()).toBe("Jawaban yang sudah diketik.");
    await dialog(page).locator("[data-testid=template-use]").click();
    const filled = `Pengaduan ${trackingNumber} (${title}) sudah ditindaklanjuti Dinas Koperasi, Usaha Kecil Menengah dan Perindustrian.`;
    await expect.poll(() => answer.inputValue(), { timeout: UI_TIMEOUT }).toBe(filled);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("answer");
    await dialog(page).locator("[data-testid=template-undo]").click();
    await expect.poll(() => answer.inputValue()).toBe("Jawaban yang sudah diketik.");
    await dialog(page).locator("[data-testid=template-use]").click();
    await expect.poll(() => answer.inputValue(), { timeout: UI_TIMEOUT }).toBe(filled);
    await page.keyboard.press("End");
    await page.keyboard.type(" Dana akan cair minggu depan.");
    await dialog(page).locator("textarea[name=analysis]").fill("Berkas sudah lengkap.");
    await dialog(page).locator("textarea[name=consulted]").fill("Kepala Bidang UMKM");
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "templates-answer-dialog.png");
    await dialog(page).locator("[data-testid=confirm]").click();
    await expect.poll(async () => (await caseState(ts, admin, id)).stage, { timeout: UI_TIMEOUT }).toBe("DELIVERY");
    const after = (await ok(ts.app.url, `query($id: ID!) { case(id: $id) { answer version } }`, { id }, admin)).case;
    expect(after.answer).toBe(`${filled} Dana akan cair minggu depan.`);
    expect(after.version).toBe(before.version + 1);
    expect(await errorNotices(page).count()).toBe(0);
  });
});
