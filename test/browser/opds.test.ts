import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import {
  cardOf,
  column,
  consoleSuite,
  demoToken,
  describeBrowser,
  dialog,
  errorNotices,
  fitsWidth,
  LAPTOP,
  opdIdOf,
  navigate,
  screenshot,
  signIn,
  UI_TIMEOUT,
} from "../support/browser.js";
import { parseCsv } from "../support/csv.js";

const opdRow = (page: Page, code: string): Locator => page.locator(`[data-testid=opd-row][data-code="${code}"]`);
const opdDialog = (page: Page): Locator => page.locator("dialog[data-testid=opd-dialog]");
const trailRows = (page: Page): Locator => page.locator("[data-testid=trail-row]");

describeBrowser("the OPD page and the admin trail", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("the superuser adds, edits and deactivates an OPD, told in Indonesian what is wrong; the board offers it no more", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, suite.ts, "superadmin");
    await navigate(page, "nav-opds");
    await page.waitForURL("**/opd");
    await opdRow(page, "DINKES").waitFor();

    await page.locator("[data-testid=opd-new]").click();
    await opdDialog(page).waitFor();
    await page.keyboard.type("bapenda");
    const field = (name: string) => opdDialog(page).locator(`input[name=${name}]`);
    await field("name").fill("Badan Pendapatan Daerah");
    await field("shortName").fill("Bapenda");
    await field("contactEmail").fill("bapenda@samarindakota");
    await field("contactPhone").fill("12345");
    await opdDialog(page).locator("[data-testid=opd-submit]").click();
    const problems = opdDialog(page).locator(".problem");
    await expect
      .poll(() => problems.allTextContents())
      .toEqual([
        "Alamat e-mail belum benar, mis. dinkes@samarindakota.go.id.",
        "Nomor telepon 6–15 angka; boleh memakai spasi, tanda hubung, titik, kurung, atau + di depan.",
      ]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("contactEmail");
    await field("contactEmail").fill("bapenda@samarindakota.go.id");
    await field("contactPhone").fill("(0541) 731234");
    await opdDialog(page).locator("[data-testid=opd-submit]").click();
    await opdDialog(page).waitFor({ state: "hidden" });
    const made = opdRow(page, "BAPENDA");
    expect((await made.locator("th, td").allTextContents()).slice(0, 5).map((c) => c.trim())).toEqual([
      "BAPENDA",
      "Badan Pendapatan Daerah",
      "Bapenda",
      "bapenda@samarindakota.go.id(0541) 731234",
      "Aktif",
    ]);

    // A code another OPD holds: the server's CONFLICT, worded under the code.
    await made.locator("[data-testid=opd-edit]").click();
    await opdDialog(page).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
    await field("code").fill("DINKES");
    await field("name").fill("Badan Pendapatan Daerah Kota Samarinda");
    await opdDialog(page).locator("[data-testid=opd-submit]").click();
    await expect
      .poll(() => problems.allTextContents(), { timeout: UI_TIMEOUT })
      .toEqual(["Kode ini sudah dipakai OPD lain. Pilih kode lain."]);
    await field("code").fill("BAPENDA");
    await opdDialog(page).locator("[data-testid=opd-submit]").click();
    await opdDialog(page).waitFor({ state: "hidden" });
    await expect.poll(() => made.locator("td").first().textContent()).toBe("Badan Pendapatan Daerah Kota Samarinda");

    // Deactivating asks first, the keyboard starting on "Batal".
    const dpupr = opdRow(page, "DPUPR");
    await dpupr.locator("[data-testid=opd-deactivate]").click();
    const confirm = page.locator("dialog[data-testid=opd-deactivate-dialog]");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain("tetap berjalan sampai selesai");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Batal");
    await confirm.locator("[data-testid=opd-deactivate-confirm]").click();
    await confirm.waitFor({ state: "hidden" });
    await expect.poll(() => dpupr.locator("[data-testid=opd-status]").textContent()).toContain("Nonaktif");
    expect(await dpupr.locator("[data-testid=opd-activate]").count()).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "opds.png");

    // The Admin Instansi's forwarding dialog lists DPUPR as unavailable, and says why.
    const other = await suite.open(LAPTOP);
    await signIn(other.page, suite.ts, "admin.instansi");
    const card = column(other.page, "DISPOSITION").locator("[data-testid=case-card][draggable=true]").first();
    const id = (await card.getAttribute("data-case"))!;
    await cardOf(other.page, id).focus();
    await other.page.keyboard.press("m");
    await cardOf(other.page, id).locator("[role=menuitem][data-action=FORWARD]").click();
    await dialog(other.page).waitFor();
    const options = dialog(other.page).locator("select[name=opdId] option");
    const shown = await options.evaluateAll((os) =>
      os.map((o) => [o.textContent!.trim().replace(/\s+/g, " "), (o as HTMLOptionElement).disabled]),
    );
    expect(shown).toContainEqual(["DPUPR — Dinas Pekerjaan Umum dan Penataan Ruang (nonaktif — tidak menerima pengaduan baru)", true]);
    expect(shown).toContainEqual(["BAPENDA — Badan Pendapatan Daerah Kota Samarinda", false]);
    expect(await dialog(other.page).locator("[data-testid=opd-unavailable]").textContent()).toBe(
      "OPD nonaktif tidak dapat menerima pengaduan baru: DPUPR.",
    );
    await screenshot(other.page, "forward-inactive-opd.png");
  });

  it("the Admin Instansi reads the OPD list, and the trail with readable changes, filters and an export", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, suite.ts, "admin.instansi");
    await navigate(page, "nav-opds");
    await opdRow(page, "BAPENDA").waitFor();
    expect(await page.locator("[data-testid=opds-read-only]").textContent()).toBe(
      "Hanya Superadmin yang dapat menambah, mengubah, atau menonaktifkan OPD.",
    );
    expect(await page.locator("[data-testid=opd-new], [data-testid=opd-edit], [data-testid=opd-deactivate]").count()).toBe(0);

    // An OPD's history link opens the trail filtered to it.
    await opdRow(page, "BAPENDA").locator("[data-testid=opd-history]").click();
    await page.waitForURL("**/jejak-admin?**");
    await expect
      .poll(() => trailRows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute("data-action"))))
      .toEqual(["OPD_UPDATED", "OPD_CREATED"]);
    const updated = trailRows(page).first();
    const cells = (await updated.locator("td").allInnerTexts()).map((c) => c.trim().replace(/\s+/g, " "));
    expect(cells[0]).toMatch(/^Sen, 23 Nov 2026,? \d\d\.\d\d WITA$/);
    expect(await updated.locator(".who > *").allTextContents()).toEqual(["Superadmin Kota Samarinda", "superadmin · Superadmin"]);
    expect(cells[2]).toBe("OPD diubah");
    expect(await updated.locator(".subject > *").allTextContents()).toEqual(["OPD", "BAPENDA — Badan Pendapatan Daerah Kota Samarinda"]);
    expect(cells[4]).toBe("Nama Badan Pendapatan Daerah → Badan Pendapatan Daerah Kota Samarinda");
    const createdChanges = await trailRows(page).nth(1).locator("dd").allTextContents();
    expect(createdChanges).toContain("(0541) 731234");
    expect(createdChanges).toContain("Ya");

    // Filters: the page's address keeps them; clearing shows everything again.
    await page.locator("[data-testid=trail-clear]").click();
    await expect.poll(() => trailRows(page).count()).toBeGreaterThanOrEqual(3);
    const filters = page.locator("[data-testid=trail-filters]");
    await filters.locator("select[name=subjectType]").selectOption("OPD");
    await filters.locator("select[name=action]").selectOption("OPD_DEACTIVATED");
    await filters.locator("input[name=actor]").fill("superadmin");
    await filters.locator("input[name=actor]").press("Enter");
    await page.waitForURL(/action=OPD_DEACTIVATED/);
    await expect.poll(() => trailRows(page).evaluateAll((rs) => rs.map((r) => r.getAttribute("data-action")))).toEqual(["OPD_DEACTIVATED"]);
    expect((await trailRows(page).first().locator("dd").textContent())!.replace(/\s+/g, " ").trim()).toBe("Ya → Tidak");

    // The export carries the same filter.
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=trail-export-csv]").click()]);
    expect(csv.suggestedFilename()).toMatch(/^jejak-admin-\d{12}\.csv$/);
    const rows = parseCsv(readFileSync((await csv.path())!, "utf8").replace(/^\uFEFF/, ""));
    expect(rows.slice(1).map((r) => [r[1], r[3], r[6], r[7]])).toEqual([
      ["superadmin", "OPD_DEACTIVATED", "DPUPR — Dinas Pekerjaan Umum dan Penataan Ruang", "active: true → false"],
    ]);

    await page.locator("[data-testid=trail-clear]").click();
    await expect.poll(() => trailRows(page).count()).toBeGreaterThanOrEqual(3);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, "admin-trail.png");

    // A period that ends before it starts is not sent.
    await filters.locator("input[name=from]").fill("2026-11-30");
    await filters.locator("input[name=to]").fill("2026-11-23");
    expect(await page.locator("[data-testid=trail-apply]").isDisabled()).toBe(true);
    expect(await filters.locator(".problem").textContent()).toBe("Tanggal akhir harus sama dengan atau sesudah tanggal awal.");
  });

  it("a board opened before an OPD was deactivated is told why forwarding to it fails, then lists it as unavailable", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, suite.ts, "admin.instansi");
    const superadmin = await demoToken(suite.ts, "superadmin");
    const dishub = await opdIdOf(suite.ts, superadmin, "DISHUB");
    await ok(suite.ts.app.url, `mutation($id: ID!) { setOpdActive(opdId: $id, active: false) { id } }`, { id: dishub }, superadmin);

    const card = column(page, "DISPOSITION").locator("[data-testid=case-card][draggable=true]").first();
    const id = (await card.getAttribute("data-case"))!;
    const openForward = async () => {
      await cardOf(page, id).focus();
      await page.keyboard.press("m");
      await cardOf(page, id).locator("[role=menuitem][data-action=FORWARD]").click();
      await dialog(page).waitFor();
    };
    await openForward();
    await dialog(page).locator("select[name=opdId]").selectOption(dishub);
    await dialog(page).locator("[data-testid=confirm]").click();
    await errorNotices(page).first().waitFor();
    expect(await errorNotices(page).first().textContent()).toContain(
      "OPD tujuan sedang nonaktif dan tidak dapat menerima pengaduan baru. Pilih OPD lain.",
    );
    await expect.poll(() => cardOf(page, id).count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await column(page, "DISPOSITION").locator(`[data-case="${id}"]`).count()).toBe(1);

    await openForward();
    expect(await dialog(page).locator(`select[name=opdId] option[value="${dishub}"]`).isDisabled()).toBe(true);
    expect(await dialog(page).locator("[data-testid=opd-unavailable]").textContent()).toContain("DISHUB");
  });
});
