import { beforeAll, expect, it } from "vitest";
import { ok } from "../support/client.js";
import { login } from "../support/fixtures.js";
import {
  boardReady,
  consoleSuite,
  demoToken,
  describeBrowser,
  errorNotices,
  opdIdOf,
  origin,
  navigate,
  screenshot,
  signIn,
  submitLogin,
} from "../support/browser.js";
import type { TestServer } from "../support/server.js";

const CREATE = `mutation($u: String!, $n: String!, $r: Role!, $o: ID, $p: String) {
  createUser(username: $u, displayName: $n, role: $r, opdId: $o, password: $p) { user { id } } }`;

describeBrowser("accounts in the console", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });
  let ts: TestServer;
  let superadmin: string;
  let diskop: string;

  /** An account of DISKOPUKMP made through the API with its own password. */
  const account = async (username: string, displayName: string, role: string, password: string) =>
    ok(ts.app.url, CREATE, { u: username, n: displayName, r: role, o: diskop, p: password }, superadmin);

  beforeAll(async () => {
    ts = suite.ts;
    superadmin = await demoToken(ts, "superadmin");
    diskop = await opdIdOf(ts, superadmin, "DISKOPUKMP");
  });

  it("a user changes their own password on Akun saya, then signs in with the new one", async () => {
    await account("rina.penghubung", "Rina Pejabat Penghubung", "LIAISON", "perahu-ketinting-01");
    // Another device signed in earlier: the page lists two sessions.
    await login(ts.app.url, "rina.penghubung", "perahu-ketinting-01");
    const { page } = await suite.open();
    await submitLogin(page, ts, "rina.penghubung", "perahu-ketinting-01");
    await boardReady(page);
    await page.locator("[data-testid=who]").click();
    await page.waitForURL("**/akun");
    await expect.poll(() => page.locator("[data-testid=session-row]").count()).toBe(2);
    await screenshot(page, "account.png");

    const form = page.locator("[data-testid=password-form]");
    await form.locator("input[name=currentPassword]").fill("perahu-ketinting-01");
    await form.locator("input[name=newPassword]").fill("Samarinda2026!");
    await form.locator("input[name=repeatPassword]").fill("Samarinda2026!");
    await page.locator("[data-testid=password-save]").click();
    expect(await page.locator("[data-testid=password-error]").textContent()).toContain("terlalu umum");

    await form.locator("input[name=newPassword]").fill("sungai-karang-mumus");
    await form.locator("input[name=repeatPassword]").fill("sungai-karang-mumus");
    await page.locator("[data-testid=password-save]").click();
    await page.locator("[data-testid=notices] .notice-success").first().waitFor();
    // The other device's session ended; this one stays.
    await expect.poll(() => page.locator("[data-testid=session-row]").count()).toBe(1);

    await page.locator("[data-testid=logout]").click();
    await page.waitForURL("**/login");
    await submitLogin(page, ts, "rina.penghubung", "perahu-ketinting-01");
    await page.locator(".login .error").waitFor();
    expect(await page.locator(".login .error").textContent()).toContain("salah");
    await submitLogin(page, ts, "rina.penghubung", "sungai-karang-mumus");
    await boardReady(page);
  });

  it("the superuser deactivates a user whose open board is then signed out, in Indonesian", async () => {
    await account("budi.admin", "Budi Admin OPD", "ADMIN_OPD", "sarung-samarinda-tenun");
    const staff = await suite.open();
    await submitLogin(staff.page, ts, "budi.admin", "sarung-samarinda-tenun");
    await boardReady(staff.page);

    const admin = await suite.open();
    await signIn(admin.page, ts, "superadmin");
    await navigate(admin.page, "nav-users");
    await admin.page.waitForURL("**/pengguna");
    await admin.page.locator("[data-testid=user-row]").first().waitFor();
    await screenshot(admin.page, "users.png");
    await admin.page.locator("[data-testid=user-search]").fill("budi");
    await admin.page.keyboard.press("Enter");
    await expect.poll(() => admin.page.locator("[data-testid=user-row]").count()).toBe(1);
    const row = admin.page.locator("[data-testid=user-row][data-username='budi.admin']");
    await row.locator("[data-testid=user-deactivate]").click();
    await admin.page.locator("[data-testid=confirm-go]").click();
    await admin.page.locator("[data-testid=user-row][data-username='budi.admin'][data-active=false]").waitFor();

    await staff.page.waitForURL("**/login");
    await errorNotices(staff.page).first().waitFor();
    expect(await errorNotices(staff.page).first().textContent()).toContain("Sesi berakhir");
  });

  it("a password reset shows a one-time password once; signing in with it leads to Akun saya until a new one is chosen", async () => {
    await account("sari.penghubung", "Sari Pejabat Penghubung", "LIAISON", "mandau-dayak-kenyah");
    const admin = await suite.open();
    await signIn(admin.page, ts, "superadmin");
    await admin.page.goto(`${origin(ts)}/pengguna`);
    const row = admin.page.locator("[data-testid=user-row][data-username='sari.penghubung']");
    await row.locator("[data-testid=user-reset]").click();
    await admin.page.locator("[data-testid=confirm-go]").click();
    const shown = admin.page.locator("[data-testid=one-time-password-value]");
    await shown.waitFor();
    const oneTime = await shown.inputValue();
    expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await screenshot(admin.page, "users-one-time-password.png");
    await admin.page.locator("[data-testid=one-time-password-close]").click();
    await row.getByText("Wajib ganti sandi").waitFor();

    const staff = await suite.open();
    await submitLogin(staff.page, ts, "sari.penghubung", oneTime);
    await staff.page.waitForURL("**/akun");
    await staff.page.locator("[data-testid=password-forced]").waitFor();
    await screenshot(staff.page, "account-forced.png");
    await staff.page.goto(`${origin(ts)}/`);
    await staff.page.waitForURL("**/akun");
    const form = staff.page.locator("[data-testid=password-form]");
    await form.locator("input[name=currentPassword]").fill(oneTime);
    await form.locator("input[name=newPassword]").fill("lamin-adat-pampang");
    await form.locator("input[name=repeatPassword]").fill("lamin-adat-pampang");
    await staff.page.locator("[data-testid=password-save]").click();
    await boardReady(staff.page);
    expect(await errorNotices(staff.page).count()).toBe(0);
  });
});
