import type { Locator, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../server/src/app/demo-seed.js";
import { errorCode, gql, ok } from "../support/client.js";
import {
  consoleSuite,
  demoToken,
  describeBrowser,
  errorNotices,
  LAPTOP,
  opdIdOf,
  origin,
  navigate,
  screenshot,
  signIn,
  UI_TIMEOUT,
} from "../support/browser.js";
import type { TestServer } from "../support/server.js";

const rows = (page: Page): Locator => page.locator("[data-testid=api-token-row]");
const rowOf = (page: Page, label: string): Locator => rows(page).filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
const createDialog = (page: Page): Locator => page.locator("dialog[data-testid=api-token-dialog]");
const MAKE = `mutation($label: String!, $role: Role!, $opd: ID, $scopes: [ApiScope!]!, $days: Int!) {
  createApiToken(label: $label, role: $role, opdId: $opd, scopes: $scopes, days: $days) { token apiToken { id } }
}`;
const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.getAttribute("name"));

/** The Token API page, reached through the header's link. */
async function openTokenPage(page: Page, ts: TestServer): Promise<void> {
  await signIn(page, ts, "admin.instansi");
  await navigate(page, "nav-api-tokens");
  await page.waitForURL("**/token-api");
  await page.locator("[data-testid=api-tokens]").waitFor();
}

describeBrowser("the Token API page", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });
  let ts: TestServer;
  let instansi: string;
  let diskop: string;

  beforeAll(async () => {
    ts = suite.ts;
    instansi = await demoToken(ts, "admin.instansi");
    diskop = await opdIdOf(ts, instansi, "DISKOPUKMP");
    // Two older tokens, so the page looks lived-in: one in use, one revoked.
    const make = (label: string, role: string, scopes: string[], days: number) =>
      ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(
        ts.app.url,
        MAKE,
        { label, role, opd: null, scopes, days },
        instansi,
      );
    const lapor = await make("Integrasi SP4N-LAPOR! Kaltim", "ADMIN_INSTANSI", ["CASES_READ", "ACT"], 365);
    await ok(ts.app.url, `query Sync { cases(first: 1) { totalCount } }`, {}, lapor.createApiToken.token);
    const civic = await make("Aplikasi Samarinda Pintar", "ADMIN_INSTANSI", ["OPEN311_SUBMIT"], 180);
    await ok(ts.app.url, `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: civic.createApiToken.apiToken.id }, instansi);
  });

  it("Admin Instansi makes a liaison token; it reads cases from outside, its use shows on the page; revoked, it is refused", async () => {
    const { page } = await suite.open(LAPTOP);
    await openTokenPage(page, ts);

    await page.locator("[data-testid=api-token-new]").click();
    await createDialog(page).waitFor();
    expect(await focused(page)).toBe("label");
    await page.keyboard.type("Dasbor Diskominfo");
    expect(await createDialog(page).locator("select[name=role]").inputValue()).toBe("LIAISON");
    await createDialog(page).locator("select[name=opdId]").selectOption(diskop);
    expect(
      await createDialog(page)
        .locator("input[name=scopes]:checked")
        .evaluateAll((cs) => cs.map((c) => (c as HTMLInputElement).value)),
    ).toEqual(["CASES_READ"]);
    expect(await createDialog(page).locator("input[name=days]").inputValue()).toBe("90");
    // The whole form fits a 1366×768 screen.
    expect(await createDialog(page).evaluate((d) => d.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    await createDialog(page).locator("[data-testid=api-token-submit]").click();

    const secret = createDialog(page).locator("[data-testid=api-token-secret]");
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^desk_[0-9a-f]{32}_[\w-]{40,}$/);
    expect(await secret.getAttribute("readonly")).not.toBeNull();
    expect(await createDialog(page).locator("[role=alert]").textContent()).toContain("hanya ditampilkan sekali");
    // Esc does not throw the token away; only the explicit button does.
    await page.keyboard.press("Escape");
    expect(await secret.isVisible()).toBe(true);
    await createDialog(page).locator("[data-testid=api-token-done]").click();
    await createDialog(page).waitFor({ state: "hidden" });
    expect(await page.content()).not.toContain(token);

    const row = rowOf(page, "Dasbor Diskominfo");
    const cells = await row.locator("tr").first().locator("th, td").allTextContents();
    expect(cells.slice(0, 4).map((c) => c.trim())).toEqual(["Dasbor Diskominfo", "Pejabat Penghubung", "DISKOPUKMP", "Baca kasus"]);
    expect(cells[4]).toMatch(/^Sen, 23 Nov 2026,? \d\d\.\d\d WITA$/);
    expect(cells[5]).toMatch(/^Min, 21 Feb 2027,? \d\d\.\d\d WITA$/);
    expect(cells[6].trim()).toBe("Belum pernah");
    expect(cells[7].trim()).toBe("Aktif");

    // The third-party client: Node with the token.
    const me = await ok<{ apiToken: { id: string; label: string; role: string; scopes: string[]; opd: { code: string } } }>(
      ts.app.url,
      `query WhoAmI { apiToken { id label role scopes opd { code } } }`,
      {},
      token,
    );
    expect(me.apiToken).toMatchObject({ label: "Dasbor Diskominfo", role: "LIAISON", scopes: ["CASES_READ"], opd: { code: "DISKOPUKMP" } });
    expect(await row.getAttribute("data-token")).toBe(me.apiToken.id);
    const cases = await ok<{ cases: { totalCount: number; edges: { node: { id: string; opd: { code: string } } }[] } }>(
      ts.app.url,
      `query OpdCases { cases(first: 10) { totalCount edges { node { id trackingNumber opd { code } } } } }`,
      {},
      token,
    );
    expect(cases.cases.totalCount).toBeGreaterThan(0);
    expect(new Set(cases.cases.edges.map((e) => e.node.opd.code))).toEqual(new Set(["DISKOPUKMP"]));
    const share = `mutation Share($id: ID!) { shareToWhatsApp(caseId: $id) { url } }`;
    expect(await errorCode(ts.app.url, share, { id: cases.cases.edges[0].node.id }, token)).toBe("FORBIDDEN");

    // The use log: asking for it writes what is still buffered first.
    await row.locator("[data-testid=api-token-uses-toggle]").click();
    expect(await row.locator("[data-testid=api-token-uses-toggle]").getAttribute("aria-expanded")).toBe("true");
    const uses = row.locator("[data-testid=api-token-use]");
    await expect.poll(() => uses.count(), { timeout: UI_TIMEOUT }).toBe(3);
    const log = await uses.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim())));
    expect(log.map((r) => r.slice(1, 5))).toEqual([
      ["mutation", "Share", "shareToWhatsApp", "Ditolak"],
      ["query", "OpdCases", "cases", "Diizinkan"],
      ["query", "WhoAmI", "apiToken", "Diizinkan"],
    ]);
    for (const r of log) {
      expect(r[0]).toMatch(/ WITA$/);
      expect(r[5]).toMatch(/127\.0\.0\.1|::1/);
    }
    expect(await uses.first().getAttribute("data-allowed")).toBe("false");
    const lastUsed = row.locator("[data-testid=api-token-last-used]");
    expect(await lastUsed.textContent()).toBe(log[0][0]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, "api-tokens.png");

    // The server has it too: after a reload the list shows the last use, and the panel what came since.
    await gql(ts.app.url, `query Again { apiToken { id } }`, {}, token);
    await page.reload();
    await rowOf(page, "Dasbor Diskominfo").waitFor();
    expect(await rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-last-used]").textContent()).toMatch(/ WITA$/);
    await rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-uses-toggle]").click();
    await expect
      .poll(() => rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-use]").count(), { timeout: UI_TIMEOUT })
      .toBe(4);

    // Revoke from the keyboard: the question opens on "Batal", Esc keeps the token, Tab + Enter revokes it.
    const revoke = rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-revoke]");
    const confirm = page.locator("dialog[data-testid=revoke-dialog]");
    await revoke.focus();
    await page.keyboard.press("Enter");
    await confirm.waitFor();
    expect(await confirm.locator("h2").textContent()).toBe("Cabut token «Dasbor Diskominfo»?");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Batal");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "hidden" });
    expect(await rowOf(page, "Dasbor Diskominfo").getAttribute("data-status")).toBe("active");
    expect((await gql(ts.app.url, `{ apiToken { id } }`, {}, token)).errors).toBeUndefined();

    await revoke.focus();
    await page.keyboard.press("Enter");
    await confirm.waitFor();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("revoke-confirm");
    await page.keyboard.press("Enter");
    await rowOf(page, "Dasbor Diskominfo").and(page.locator("[data-status=revoked]")).waitFor();
    await confirm.waitFor({ state: "hidden" });
    expect(await rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-status]").innerText()).toMatch(/^Dicabut\n.+ WITA$/);
    expect(await rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-revoke]").count()).toBe(0);
    expect(await focused(page)).toBe("api-token-uses-toggle");
    await page.locator("[data-testid=notices] .notice-success", { hasText: "dicabut" }).waitFor();

    const refused = await gql(ts.app.url, `query WhoAmI { apiToken { id label } }`, {}, token);
    expect(refused.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(await errorCode(ts.app.url, `{ cases(first: 1) { totalCount } }`, {}, token)).toBe("UNAUTHENTICATED");
    expect(await errorNotices(page).count()).toBe(0);
  });

  it("says what is missing before sending, makes a city-wide token, shows a refusal, pages with load more, and speaks English", async () => {
    for (let i = 1; i <= 21; i++) {
      const label = `Aplikasi uji ${String(i).padStart(2, "0")}`;
      await ok(ts.app.url, MAKE, { label, role: "ADMIN_OPD", opd: diskop, scopes: ["CASES_READ", "SLA_READ"], days: 30 }, instansi);
    }
    const { page } = await suite.open(LAPTOP);
    await openTokenPage(page, ts);
    // One row above the page at 1366 px: the header keeps its links on one line.
    expect(await page.locator("header.topbar").evaluate((h) => h.getBoundingClientRect().height)).toBeLessThan(60);

    // 21 + the first test's token + the two older ones: a page of 20, then the rest after the endCursor.
    await expect.poll(() => rows(page).count(), { timeout: UI_TIMEOUT }).toBe(20);
    expect(await rows(page).first().locator("th.label").textContent()).toBe("Aplikasi uji 21");
    await page.locator("[data-testid=api-tokens-more]").click();
    await expect.poll(() => rows(page).count(), { timeout: UI_TIMEOUT }).toBe(24);
    expect(await page.locator("[data-testid=api-tokens-more]").count()).toBe(0);
    expect(await rows(page).locator("th.label").allTextContents()).toEqual([
      ...Array.from({ length: 21 }, (_, i) => `Aplikasi uji ${String(21 - i).padStart(2, "0")}`),
      "Dasbor Diskominfo",
      "Aplikasi Samarinda Pintar",
      "Integrasi SP4N-LAPOR! Kaltim",
    ]);

    await page.locator("[data-testid=api-token-new]").click();
    const dlg = createDialog(page);
    await dlg.waitFor();
    await dlg.locator("input[name=scopes][value=CASES_READ]").uncheck();
    await dlg.locator("[data-testid=api-token-submit]").click();
    expect(await dlg.locator("[data-problem]").evaluateAll((ps) => ps.map((p) => p.getAttribute("data-problem")))).toEqual([
      "label",
      "opdRequired",
      "scopes",
    ]);
    expect(await focused(page)).toBe("label");

    await dlg.locator("input[name=label]").fill("Dasbor Bappeda Kota");
    await dlg.locator("select[name=opdId]").selectOption(diskop);
    await dlg.locator("select[name=role]").selectOption("ADMIN_INSTANSI");
    expect(await dlg.locator("select[name=opdId]").count()).toBe(0);
    await dlg.locator("input[name=scopes][value=CASES_READ]").check();
    await dlg.locator("input[name=scopes][value=SLA_READ]").check();
    await dlg.locator("input[name=days]").fill("7");

    // A refusal from the server goes through the console's error handler; the form stays as it was.
    await page.route("**/graphql", async (route) => {
      if (!route.request().postData()?.includes("CreateApiToken")) return route.fallback();
      await route.fulfill({
        status: 200,
        contentType: "application/json",
        body: JSON.stringify({ data: null, errors: [{ message: "days: must be 1 to 365", extensions: { code: "VALIDATION" } }] }),
      });
    });
    await dlg.locator("[data-testid=api-token-submit]").click();
    await errorNotices(page).filter({ hasText: "Isian belum benar: days: must be 1 to 365" }).waitFor();
    expect(await dlg.locator("input[name=label]").inputValue()).toBe("Dasbor Bappeda Kota");
    await page.unroute("**/graphql");

    await dlg.locator("[data-testid=api-token-submit]").click();
    const token = await dlg.locator("[data-testid=api-token-secret]").inputValue();
    await dlg.locator("[data-testid=api-token-done]").click();
    const made = rowOf(page, "Dasbor Bappeda Kota");
    expect(await rows(page).first().locator("th.label").textContent()).toBe("Dasbor Bappeda Kota");
    const cells = (await made.locator("tr").first().locator("th, td").allTextContents()).map((c) => c.trim());
    expect(cells.slice(0, 3)).toEqual(["Dasbor Bappeda Kota", "Admin Instansi", "Seluruh kota"]);
    expect(await made.locator("[data-scope]").allTextContents()).toEqual(["Baca kasus", "Pantau waktu layanan"]);
    expect(cells[5]).toMatch(/^Sen, 30 Nov 2026,? \d\d\.\d\d WITA$/);
    const me = await ok<{ apiToken: { role: string; opd: null; scopes: string[] } }>(
      ts.app.url,
      `{ apiToken { role opd { code } scopes } }`,
      {},
      token,
    );
    expect(me.apiToken).toEqual({ role: "ADMIN_INSTANSI", opd: null, scopes: ["CASES_READ", "SLA_READ"] });

    await made.locator("[data-testid=api-token-uses-toggle]").click();
    await made.locator("[data-testid=api-token-use]").first().waitFor();

    await page.locator("[data-testid=locale]").selectOption("en");
    await page.locator("h1", { hasText: "API tokens" }).waitFor();
    expect(await page.locator("[data-testid=nav-api-tokens]").textContent()).toBe("API tokens");
    expect(await made.locator("[data-scope]").allTextContents()).toEqual(["Read cases", "Watch service times"]);
    expect(await made.locator("[data-testid=api-token-uses] h3").textContent()).toBe(`Use log of "Dasbor Bappeda Kota"`);
    expect(await made.locator("[data-testid=api-token-use] .badge").first().textContent()).toBe("Allowed");
    expect(await rowOf(page, "Dasbor Diskominfo").locator("[data-testid=api-token-status]").innerText()).toMatch(/^Revoked\n.+ WITA$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it("is linked and open only to the Admin Instansi and the superuser", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, ts, "admin.diskop");
    expect(await page.locator("[data-testid=nav-api-tokens]").count()).toBe(0);
    await page.goto(`${origin(ts)}/token-api`);
    await page.locator(".api-tokens [role=alert]").waitFor();
    expect(await page.locator("[data-testid=api-tokens]").count()).toBe(0);
    expect(await errorNotices(page).count()).toBe(0);

    const su = (await suite.open(LAPTOP)).page;
    await su.goto(`${origin(ts)}/login`);
    await su.locator("input[name=username]").fill("superadmin");
    await su.locator("input[name=password]").fill(DEMO_PASSWORD);
    await su.locator("form button[type=submit]").click();
    await navigate(su, "nav-api-tokens");
    await expect.poll(() => rows(su).count(), { timeout: UI_TIMEOUT }).toBe(20);
  });
});
