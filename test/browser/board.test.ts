import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { ok } from "../support/client.js";
import { login, Q } from "../support/fixtures.js";
import {
  boardReady,
  caseState,
  cardIn,
  cardOf,
  column,
  columnCount,
  consoleSuite,
  demoToken,
  describeBrowser,
  dialog,
  errorNotices,
  LAPTOP,
  markPage,
  movableCard,
  notReloaded,
  opdIdOf,
  origin,
  screenshot,
  signIn,
  UI_TIMEOUT,
  WALL,
} from "../support/browser.js";
import type { TestServer } from "../support/server.js";

describeBrowser("the board in a real browser", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });
  let ts: TestServer;
  let instansi: string;

  beforeAll(async () => {
    ts = suite.ts;
    instansi = await demoToken(ts, "admin.instansi");
  });

  it("screenshots: the Admin OPD's board at 1366×768 and 1920×1080, a case's page", async () => {
    const { page } = await suite.open(LAPTOP);
    await signIn(page, ts, "admin.diskop");
    await page.locator("[data-testid=sla-badge]").first().waitFor();
    await screenshot(page, "board.png");

    const id = await cardIdIn(page, "DELIVERY");
    await cardOf(page, id).locator("a.title").click();
    await page.waitForURL(`**/kasus/${id}`);
    await page.locator("[data-testid=timeline] li").first().waitFor();
    expect(await page.locator("[data-testid=detail-stage] strong").textContent()).toBe("Penyampaian Jawaban");
    await screenshot(page, "case-detail.png");

    const wide = (await suite.open(WALL)).page;
    await signIn(wide, ts, "admin.diskop");
    await wide.locator("[data-testid=sla-badge]").first().waitFor();
    await screenshot(wide, "board-wall-1920.png");
  });

  it("Admin OPD drags a card to ANALYSIS; the liaison's open board shows it there without reload", async () => {
    const liaison = (await suite.open()).page;
    await signIn(liaison, ts, "penghubung.diskop");
    const admin = (await suite.open()).page;
    await signIn(admin, ts, "admin.diskop");

    const id = await movableCard(admin, "INITIAL_RESPONSE");
    await cardIn(liaison, "INITIAL_RESPONSE", id).waitFor();
    await markPage(liaison);
    const analysisBefore = await columnCount(admin, "ANALYSIS");

    await cardOf(admin, id).dragTo(column(admin, "ANALYSIS"));
    await dialog(admin).waitFor();
    expect(await dialog(admin).evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    await dialog(admin).locator("textarea[name=initialResponse]").fill("Pengaduan Anda kami terima dan sedang diperiksa.");
    await dialog(admin).locator("textarea[name=reportMaterial]").fill("Bahan laporan dari uji peramban.");
    await dialog(admin).locator("[data-testid=confirm]").click();

    await cardIn(admin, "ANALYSIS", id).waitFor();
    await notPending(admin, id);
    expect(await cardIn(admin, "INITIAL_RESPONSE", id).count()).toBe(0);
    expect(await columnCount(admin, "ANALYSIS")).toBe(analysisBefore + 1);

    await cardIn(liaison, "ANALYSIS", id).waitFor();
    expect(await cardIn(liaison, "INITIAL_RESPONSE", id).count()).toBe(0);
    expect(await notReloaded(liaison)).toBe(true);
    // The liaison acts at ANALYSIS: the card she just got is hers to move on.
    await expect.poll(() => cardOf(liaison, id).getAttribute("draggable"), { timeout: UI_TIMEOUT }).toBe("true");

    const after = await caseState(ts, instansi, id);
    expect(after.stage).toBe("ANALYSIS");
    expect(after.events.at(-1)).toMatchObject({
      action: "ACKNOWLEDGE",
      inputs: { initialResponse: "Pengaduan Anda kami terima dan sedang diperiksa.", reportMaterial: "Bahan laporan dari uji peramban." },
    });
    expect(await errorNotices(admin).count()).toBe(0);
  });

  it("a drop where the SOP has no step is refused: the columns say so while dragging, the card stays, the server is unchanged", async () => {
    const { page } = await suite.open();
    await signIn(page, ts, "admin.diskop");
    const id = await movableCard(page, "INITIAL_RESPONSE");
    const before = await caseState(ts, instansi, id);

    await cardOf(page, id).hover();
    await page.mouse.down();
    await column(page, "DELIVERY").hover();
    await column(page, "DELIVERY").hover({ position: { x: 40, y: 120 } });
    expect(await dragClasses(page)).toEqual({
      DISPOSITION: "legal",
      INITIAL_RESPONSE: "illegal",
      ANALYSIS: "legal",
      DELIVERY: "illegal",
      CONFIRMATION: "illegal",
      CLOSED: "illegal",
    });
    await page.mouse.up();
    await expect.poll(() => dragClasses(page), { timeout: UI_TIMEOUT }).toEqual(NOT_DRAGGING);

    await cardOf(page, id).dragTo(column(page, "CLOSED"));
    await expect.poll(() => dragClasses(page), { timeout: UI_TIMEOUT }).toEqual(NOT_DRAGGING);
    expect(await dialog(page).evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect(await cardIn(page, "INITIAL_RESPONSE", id).count()).toBe(1);
    expect(await caseState(ts, instansi, id)).toEqual(before);
  });

  // The browser cancels a drop where dropEffect is "none": the notice comes from dragend.
  it("a drop where the SOP has no step says so", async () => {
    const { page } = await suite.open();
    await signIn(page, ts, "admin.diskop");
    const id = await movableCard(page, "INITIAL_RESPONSE");
    await cardOf(page, id).dragTo(column(page, "DELIVERY"));
    await errorNotices(page).first().waitFor({ timeout: 5_000 });
    expect(await errorNotices(page).first().textContent()).toContain("tidak sesuai SOP");
  });

  it("the keyboard alone moves a card: the liaison takes one from ANALYSIS to DELIVERY", async () => {
    const { page } = await suite.open();
    await signIn(page, ts, "penghubung.diskop");
    const id = await movableCard(page, "ANALYSIS");

    // The move button is reachable with Tab and opens the same menu; Escape gives focus back.
    await cardOf(page, id).focus();
    await tabUntil(page, `[data-case="${id}"] [data-testid=move-menu]`);
    await page.keyboard.press("Enter");
    await cardOf(page, id).locator("[role=menu]").waitFor();
    await page.keyboard.press("Escape");
    await cardOf(page, id).locator("[role=menu]").waitFor({ state: "detached" });
    expect(await focused(page, `[data-case="${id}"] [data-testid=move-menu]`)).toBe(true);

    await cardOf(page, id).focus();
    await page.keyboard.press("m");
    const item = cardOf(page, id).locator("[role=menu] [role=menuitem]");
    await item.first().waitFor();
    expect(await item.evaluateAll((els) => els.map((e) => e.getAttribute("data-action")))).toEqual(["SUBMIT_ANSWER"]);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    expect(await focused(page, `[data-case="${id}"] [role=menuitem][data-action=SUBMIT_ANSWER]`)).toBe(true);
    await page.keyboard.press("Enter");

    await dialog(page).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "analysis");
    await page.keyboard.type("Sudah dicek ke bidang UMKM.");
    // Between the analysis and the answer: the answer's templates, passed over with Tab.
    await dialog(page).locator("[data-testid=template-pick]").waitFor();
    await page.keyboard.press("Tab");
    expect(await focused(page, "[data-testid=template-pick]")).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Bantuan akan cair minggu depan.");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Kepala Bidang UMKM");
    await tabUntil(page, "[data-testid=confirm]");
    await page.keyboard.press("Enter");

    await cardIn(page, "DELIVERY", id).waitFor();
    await expect.poll(async () => (await caseState(ts, instansi, id)).stage, { timeout: UI_TIMEOUT }).toBe("DELIVERY");
    const after = await caseState(ts, instansi, id);
    expect(after.events.at(-1)).toMatchObject({
      action: "SUBMIT_ANSWER",
      inputs: { analysis: "Sudah dicek ke bidang UMKM.", answer: "Bantuan akan cair minggu depan.", consulted: "Kepala Bidang UMKM" },
    });
    expect(await errorNotices(page).count()).toBe(0);
  });

  it("a case changed by someone else while the dialog is open: the save is refused as just changed, the card shows the newer state", async () => {
    const superadmin = await demoToken(ts, "superadmin");
    await ok(
      ts.app.url,
      `mutation($opd: ID!) { createUser(username: "admin2.diskop", displayName: "Admin OPD kedua", password: "kedua-admin-diskop", role: ADMIN_OPD, opdId: $opd) { user { id } } }`,
      { opd: await opdIdOf(ts, superadmin, "DISKOPUKMP") },
      superadmin,
    );
    const other = await login(ts.app.url, "admin2.diskop", "kedua-admin-diskop");

    const { page } = await suite.open();
    await signIn(page, ts, "admin.diskop");
    const id = await movableCard(page, "INITIAL_RESPONSE");
    await cardOf(page, id).dragTo(column(page, "ANALYSIS"));
    await dialog(page).locator("textarea[name=initialResponse]").fill("Tanggapan dari peramban");
    await dialog(page).locator("textarea[name=reportMaterial]").fill("Bahan dari peramban");

    const before = await caseState(ts, instansi, id);
    await ok(ts.app.url, Q.acknowledge, { id, v: before.version, ir: "Tanggapan dari API", rm: "Bahan dari API" }, other);
    // The other admin's change reaches the board behind the open dialog first.
    await cardIn(page, "ANALYSIS", id).waitFor();
    await dialog(page).locator("[data-testid=confirm]").click();

    await errorNotices(page).first().waitFor();
    expect(await errorNotices(page).first().textContent()).toContain("baru saja diubah");
    await notPending(page, id);
    await cardIn(page, "ANALYSIS", id).waitFor();
    const after = await caseState(ts, instansi, id);
    expect(after).toMatchObject({ stage: "ANALYSIS", version: before.version + 1 });
    expect(after.events.filter((e) => e.action === "ACKNOWLEDGE")).toEqual([
      { action: "ACKNOWLEDGE", inputs: { initialResponse: "Tanggapan dari API", reportMaterial: "Bahan dari API" } },
    ]);
    expect(await errorNotices(page).count()).toBe(1);
  });

  it("speaks Bahasa Indonesia by default; English when chosen, and remembers it", async () => {
    const { page } = await suite.open();
    await page.goto(`${origin(ts)}/login`);
    expect(await page.locator("html").getAttribute("lang")).toBe("id");
    expect(await page.locator("h1").textContent()).toBe("Masuk");
    expect(await page.locator("[data-testid=locale]").inputValue()).toBe("id");

    await signIn(page, ts, "admin.diskop");
    const heading = (stage: string) => column(page, stage).locator("h2").textContent();
    expect(await heading("INITIAL_RESPONSE")).toBe("Tanggapan Awal");
    expect(await heading("CLOSED")).toBe("Selesai");
    expect(await page.locator("[data-testid=link-status]").textContent()).toContain("Terhubung");

    await page.locator("[data-testid=locale]").selectOption("en");
    await expect.poll(() => heading("INITIAL_RESPONSE"), { timeout: UI_TIMEOUT }).toBe("Initial response");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await heading("CLOSED")).not.toBe("Selesai");

    await page.reload();
    await boardReady(page);
    expect(await heading("INITIAL_RESPONSE")).toBe("Initial response");
    await page.locator("[data-testid=locale]").selectOption("id");
    await expect.poll(() => heading("INITIAL_RESPONSE"), { timeout: UI_TIMEOUT }).toBe("Tanggapan Awal");
    expect(await page.locator("html").getAttribute("lang")).toBe("id");
  });
});

const STAGES = ["DISPOSITION", "INITIAL_RESPONSE", "ANALYSIS", "DELIVERY", "CONFIRMATION", "CLOSED"];
const NOT_DRAGGING = Object.fromEntries(STAGES.map((s) => [s, ""]));

/** Each column's drag state: "legal", "illegal" or "". */
function dragClasses(page: Page): Promise<Record<string, string>> {
  return page.evaluate((stages) => {
    const out: Record<string, string> = {};
    for (const s of stages) {
      const el = document.querySelector(`[data-testid=stage-column][data-stage=${s}]`)!;
      out[s] = el.classList.contains("legal") ? "legal" : el.classList.contains("illegal") ? "illegal" : "";
    }
    return out;
  }, STAGES);
}

const notPending = (page: Page, id: string) =>
  page.waitForFunction((id) => !document.querySelector(`[data-case="${id}"]`)?.classList.contains("pending"), id);

async function cardIdIn(page: Page, stage: string): Promise<string> {
  const card = column(page, stage).locator("[data-testid=case-card]").first();
  await card.waitFor();
  return (await card.getAttribute("data-case"))!;
}

const focused = (page: Page, selector: string) =>
  page.evaluate((selector) => document.activeElement === document.querySelector(selector), selector);

/** Presses Tab until `selector` has the focus (a few presses at most). */
async function tabUntil(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 6; i++) {
    if (await focused(page, selector)) return;
    await page.keyboard.press("Tab");
  }
  expect(await focused(page, selector), `Tab never reached ${selector}`).toBe(true);
}
