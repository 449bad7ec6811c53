import { expect, it } from "vitest";
import { consoleSuite, describeBrowser, errorNotices, LAPTOP, origin, screenshot, submitLogin, UI_TIMEOUT } from "../support/browser.js";

const focused = (page: import("playwright-core").Page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);

describeBrowser("a department sets up an empty desk with the console only", () => {
  const suite = consoleSuite({ closeBrowsers: "afterAll", demo: false });

  it("makes the first superuser with the logged code, adds an OPD and an Admin Instansi, who signs in and chooses a password", async () => {
    const { page } = await suite.open(LAPTOP);
    const ts = suite.ts;
    await page.goto(`${origin(ts)}/login`);
    const form = page.locator("[data-testid=desk-setup]");
    await form.waitFor();
    const field = (name: string) => form.locator(`input[name=${name}]`);
    await field("code").fill("salah-kode-ini");
    await field("username").fill("kepala.desk");
    await field("displayName").fill("Kepala Bidang Pengaduan");
    await field("password").fill("tepian-mahakam-42");
    await field("repeat").fill("tepian-mahakam-42");
    await screenshot(page, "desk-setup.png");
    await form.locator("button[type=submit]").click();
    await expect
      .poll(() => form.locator("[role=alert]").textContent())
      .toBe("Kode penyiapan salah. Salin kode dari log server yang sedang berjalan.");

    await field("code").fill(ts.app.setupCode!);
    await form.locator("button[type=submit]").click();
    await page.waitForURL("**/opd", { timeout: UI_TIMEOUT });
    await page.getByText("Desk siap.").waitFor();

    const opdDialog = page.locator("dialog[data-testid=opd-dialog]");
    await page.locator("[data-testid=opd-new]").click();
    await opdDialog.locator("input[name=code]").fill("DISKOPUKMP");
    await opdDialog.locator("input[name=name]").fill("Dinas Koperasi, UKM dan Perindustrian");
    await opdDialog.locator("[data-testid=opd-submit]").click();
    await page.locator("[data-testid=opd-row][data-code=DISKOPUKMP]").waitFor();

    // The Administrasi menu by keyboard: arrow down opens it on its first link, Escape closes it back on its button.
    await page.locator("[data-testid=nav-admin]").focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => focused(page)).toBe("nav-users");
    await screenshot(page, "nav-admin-menu.png");
    await page.keyboard.press("Escape");
    await expect.poll(() => focused(page)).toBe("nav-admin");
    expect(await page.locator("#nav-admin-list").isVisible()).toBe(false);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/pengguna");
    expect(await page.locator("#nav-admin-list").isVisible()).toBe(false);

    await page.locator("[data-testid=user-new]").click();
    const userDialog = page.locator("dialog[data-testid=user-dialog]");
    await userDialog.locator("input[name=username]").fill("admin.instansi");
    await userDialog.locator("input[name=displayName]").fill("Admin Instansi Kota");
    await userDialog.locator("select[name=role]").selectOption("ADMIN_INSTANSI");
    await userDialog.locator("[data-testid=user-dialog-save]").click();
    const oneTime = await page.locator("[data-testid=one-time-password-value]").inputValue();
    expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await page.locator("[data-testid=one-time-password-close]").click();
    await page.locator("[data-testid=logout]").click();
    await page.waitForURL("**/login");
    await page.locator("form.login").waitFor();
    expect(await page.locator("[data-testid=desk-setup]").count()).toBe(0);

    await submitLogin(page, ts, "admin.instansi", oneTime);
    await page.waitForURL("**/akun");
    const pw = page.locator("[data-testid=password-form]");
    await pw.locator("input[name=currentPassword]").fill(oneTime);
    await pw.locator("input[name=newPassword]").fill("lamin-adat-pampang");
    await pw.locator("input[name=repeatPassword]").fill("lamin-adat-pampang");
    await page.locator("[data-testid=password-save]").click();
    await page.locator("[data-testid=link-status].link-online").waitFor();
    await page.waitForURL(`${origin(ts)}/`);
    await page.locator("[data-testid=stage-column]").first().waitFor();
    await screenshot(page, "board-empty-desk.png");
    expect(await errorNotices(page).count()).toBe(0);
  });
});
