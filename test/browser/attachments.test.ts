import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import { complaint, Q } from "../support/fixtures.js";
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

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40, 1)]);

const rows = (page: Page) => page.locator("[data-testid=attachment]");
const row = (page: Page, name: string) => rows(page).filter({ hasText: name });

describeBrowser("attachments on a case and on the complainant's portal", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("uploads by picker and by drop, refuses what the server refuses, toggles public with the keyboard, downloads intact, and shows only public files on the portal", async () => {
    const ts = suite.ts;
    const instansi = await demoToken(ts, "admin.instansi");
    const r = (
      await ok(ts.app.url, Q.record, { input: { ...complaint({ title: "Surat keberatan terlampir" }), channel: "LETTER" } }, instansi)
    ).recordComplaint;
    await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd: await opdIdOf(ts, instansi, "DISKOPUKMP") }, instansi);

    const { page } = await suite.open();
    await signIn(page, ts, "admin.diskop");
    await page.goto(`${origin(ts)}/kasus/${r.case.id}`);
    const panel = page.locator("[data-testid=attachments]");
    await panel.waitFor();
    expect(await rows(page).count()).toBe(0);

    await panel
      .locator("[data-testid=attachment-file]")
      .setInputFiles({ name: "surat-keberatan.pdf", mimeType: "application/pdf", buffer: PDF });
    await panel.locator("select[name=stage]").selectOption("INITIAL_RESPONSE");
    await panel.locator("input[name=public]").check();
    await panel.locator("[data-testid=attachment-submit]").click();
    await row(page, "surat-keberatan.pdf").waitFor();
    const cells = (await row(page, "surat-keberatan.pdf").locator("td").allInnerTexts()).map((s) => s.trim());
    expect(cells.slice(0, 4)).toEqual(["surat-keberatan.pdf", "PDF", `${PDF.length} B`, "2. Tanggapan Awal"]);
    expect(cells[4]).toMatch(/WITA\nAdmin OPD Diskop UKM$/);
    expect(await row(page, "surat-keberatan.pdf").getAttribute("data-public")).toBe("true");

    await panel.locator("[data-testid=attachment-file]").setInputFiles({ name: "bukan-foto.png", mimeType: "image/png", buffer: ZIP });
    await panel.locator("[data-testid=attachment-submit]").click();
    await expect
      .poll(() => errorNotices(page).allTextContents(), { timeout: UI_TIMEOUT })
      .toEqual([expect.stringContaining("bukan-foto.png: Jenis berkas tidak didukung")]);
    expect(await rows(page).count()).toBe(1);

    const dropped = await page.evaluateHandle(
      (bytes) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], "foto-lokasi.png", { type: "image/png" }));
        return dt;
      },
      [...PNG],
    );
    await panel.locator("[data-testid=attachment-drop]").dispatchEvent("drop", { dataTransfer: dropped });
    await panel.locator("input[name=public]").uncheck();
    await panel.locator("[data-testid=attachment-submit]").focus();
    await page.keyboard.press("Enter");
    await row(page, "foto-lokasi.png").waitFor();
    expect(await row(page, "foto-lokasi.png").getAttribute("data-public")).toBe("false");
    expect(await row(page, "foto-lokasi.png").locator("td").nth(1).innerText()).toBe("PNG");
    await screenshot(page, "attachments.png");

    await row(page, "foto-lokasi.png").locator("[data-testid=attachment-public]").focus();
    await page.keyboard.press("Space");
    await expect.poll(() => row(page, "foto-lokasi.png").getAttribute("data-public"), { timeout: UI_TIMEOUT }).toBe("true");
    await row(page, "foto-lokasi.png").locator("[data-testid=attachment-public]").uncheck();
    await expect.poll(() => row(page, "foto-lokasi.png").getAttribute("data-public"), { timeout: UI_TIMEOUT }).toBe("false");

    const [saved] = await Promise.all([
      page.waitForEvent("download"),
      row(page, "surat-keberatan.pdf").locator("[data-testid=attachment-download]").click(),
    ]);
    expect(saved.suggestedFilename()).toBe("surat-keberatan.pdf");
    expect(readFileSync((await saved.path())!).equals(PDF)).toBe(true);

    const portal = (await suite.open({ width: 390, height: 844 })).page;
    await portal.goto(`${origin(ts)}/lapor/status`);
    await portal.fill("input[name=trackingNumber]", r.trackingNumber);
    await portal.fill("input[name=accessCode]", r.accessCode);
    await portal.locator("form.keys button[type=submit]").click();
    await portal.locator("[data-testid=portal-attachments]").waitFor();
    expect(await portal.locator("[data-testid=portal-attachment]").allInnerTexts()).toEqual([
      expect.stringMatching(/^surat-keberatan\.pdf · PDF · /),
    ]);
    const [mine] = await Promise.all([portal.waitForEvent("download"), portal.locator("[data-testid=portal-attachment] button").click()]);
    expect(readFileSync((await mine.path())!).equals(PDF)).toBe(true);
  });
});
