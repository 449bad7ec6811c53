import { expect, it } from "vitest";
import { ok } from "../support/client.js";
import { complaint, Q } from "../support/fixtures.js";
import {
  boardReady,
  cardOf,
  consoleSuite,
  demoToken,
  describeBrowser,
  markPage,
  notReloaded,
  opdIdOf,
  origin,
  screenshot,
  signIn,
} from "../support/browser.js";
import type { TestServer } from "../support/server.js";

/** A new complaint forwarded to the Diskop UKM: at step 2, the Admin OPD's. */
async function atStepTwo(ts: TestServer, title: string): Promise<{ id: string; version: number; trackingNumber: string }> {
  const instansi = await demoToken(ts, "admin.instansi");
  const diskop = await opdIdOf(ts, instansi, "DISKOPUKMP");
  const c = (await ok(ts.app.url, Q.record, { input: { ...complaint({ title }), channel: "LAPOR" } }, instansi)).recordComplaint.case;
  return (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: diskop }, instansi)).forwardToOpd;
}

describeBrowser("the desk's working tools: assignment and internal notes", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("the Admin OPD assigns a case to the liaison from the case page; the liaison's board filters it with Kasus saya", async () => {
    const ts = suite.ts;
    const mine = await atStepTwo(ts, "Izin usaha mikro belum terbit");
    const admin = await demoToken(ts, "admin.diskop");
    const staff = (await ok(ts.app.url, `query($id: ID!) { assignableStaff(caseId: $id) { id username } }`, { id: mine.id }, admin))
      .assignableStaff as { id: string; username: string }[];
    const officer = staff.find((s) => s.username === "petugas.diskop")!.id;
    const other = await atStepTwo(ts, "Pelatihan UMKM dibatalkan sepihak");
    const assign = (c: { id: string; version: number }, who: string) =>
      ok(
        ts.app.url,
        `mutation($id: ID!, $v: Int!, $who: ID!) { assignCase(caseId: $id, expectedVersion: $v, assigneeId: $who) { id } }`,
        { id: c.id, v: c.version, who },
        admin,
      );
    await assign(other, officer);
    // The most urgent cards of steps 2 and 3 too, so the board's first screen shows who handles what.
    const columns = (await ok(ts.app.url, `{ board { columns { stage cards { id version } } } }`, {}, admin)).board.columns as {
      stage: string;
      cards: { id: string; version: number }[];
    }[];
    const urgent = columns
      .filter((col) => col.stage === "INITIAL_RESPONSE" || col.stage === "ANALYSIS")
      .flatMap((col) => col.cards.slice(0, 2));
    for (const card of urgent) await assign(card, officer);

    const { page } = await suite.open();
    await signIn(page, ts, "admin.diskop");
    await page.goto(`${origin(ts)}/kasus/${mine.id}`);
    await page.locator("[data-testid=assignee]").waitFor();
    expect(await page.locator("[data-testid=assignee]").innerText()).toBe("Belum ditugaskan");
    const select = page.locator("[data-testid=assign-select]");
    await select.locator("option", { hasText: "Pejabat Penghubung Diskop UKM" }).waitFor({ state: "attached" });
    await select.selectOption({ label: "Pejabat Penghubung Diskop UKM — Pejabat Penghubung" });
    await page.locator("[data-testid=assign-submit]").focus();
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=assignee]", { hasText: "Pejabat Penghubung Diskop UKM" }).waitFor();
    await page.locator("[data-testid=timeline] li", { hasText: "Ditugaskan" }).waitFor();
    expect(await page.locator("[data-testid=detail-stage]").innerText()).toContain("Tanggapan");

    await page.goto(`${origin(ts)}/`);
    await boardReady(page);
    await cardOf(page, mine.id).locator("[data-testid=card-assignee]").waitFor();
    expect(await cardOf(page, mine.id).locator("[data-testid=card-assignee]").innerText()).toBe("Ditangani: Pejabat Penghubung Diskop UKM");
    expect(await cardOf(page, other.id).locator("[data-testid=card-assignee]").innerText()).toBe("Ditangani: Petugas Bidang UMKM");
    await cardOf(page, urgent[0].id).locator("[data-testid=card-assignee]").waitFor();
    await page.locator("[data-testid=filter-unassigned]").check();
    await cardOf(page, mine.id).waitFor({ state: "detached" });
    expect(await cardOf(page, other.id).count()).toBe(0);
    expect(await cardOf(page, urgent[0].id).count()).toBe(0);
    expect(await page.locator("[data-testid=card-assignee]").count()).toBe(0);
    await page.locator("[data-testid=filter-unassigned]").uncheck();
    await cardOf(page, mine.id).waitFor();
    await screenshot(page, "board-assignee.png");

    const liaison = await suite.open();
    await signIn(liaison.page, ts, "penghubung.diskop");
    await liaison.page.locator("[data-testid=filter-mine]").check();
    await cardOf(liaison.page, mine.id).waitFor();
    await liaison.page.waitForFunction(() => document.querySelectorAll("[data-testid=case-card]").length === 1);
    expect(await cardOf(liaison.page, other.id).count()).toBe(0);
    await markPage(liaison.page);
    const seen = (await ok(ts.app.url, Q.case, { id: mine.id }, admin)).case;
    await ok(
      ts.app.url,
      `mutation($id: ID!, $v: Int!) { unassignCase(caseId: $id, expectedVersion: $v) { id } }`,
      { id: mine.id, v: seen.version },
      admin,
    );
    await cardOf(liaison.page, mine.id).waitFor({ state: "detached" });
    expect(await notReloaded(liaison.page)).toBe(true);
    await ok(
      ts.app.url,
      `mutation($id: ID!, $v: Int!, $who: ID!) { assignCase(caseId: $id, expectedVersion: $v, assigneeId: $who) { id } }`,
      { id: mine.id, v: seen.version + 1, who: staff.find((s) => s.username === "penghubung.diskop")!.id },
      admin,
    );
    await cardOf(liaison.page, mine.id).waitFor();
    await screenshot(liaison.page, "board-mine.png");
  });

  it("a note written on a case shows on another staff member's open case page without a reload, and its correction strikes it through", async () => {
    const ts = suite.ts;
    const c = await atStepTwo(ts, "Bantuan peralatan usaha tidak sesuai");
    const admin = await suite.open();
    const liaison = await suite.open();
    await signIn(admin.page, ts, "admin.diskop");
    await signIn(liaison.page, ts, "penghubung.diskop");
    for (const { page } of [admin, liaison]) {
      await page.goto(`${origin(ts)}/kasus/${c.id}`);
      await page.locator("[data-testid=notes]").waitFor();
      await page.locator("[data-testid=link-status].link-online").waitFor();
    }
    await markPage(liaison.page);
    expect(await liaison.page.locator("[data-testid=notes]").innerText()).toContain("Belum ada catatan.");

    await admin.page.locator("[data-testid=note-input]").fill("Pelapor sudah menerima peralatan, @penghubung.diskop mohon cek.");
    await admin.page.locator("[data-testid=note-input]").press("Control+Enter");
    const wrong = liaison.page.locator("[data-testid=note]", { hasText: "Pelapor sudah menerima peralatan" });
    await wrong.waitFor();
    expect(await wrong.innerText()).toContain("Admin OPD Diskop UKM");
    expect(await notReloaded(liaison.page)).toBe(true);

    await liaison.page.locator("[data-testid=note-input]").fill("Saya cek ke gudang bidang UMKM hari ini.");
    await liaison.page.locator("[data-testid=note-submit]").click();
    await admin.page.locator("[data-testid=note]", { hasText: "Saya cek ke gudang" }).waitFor();

    await admin.page.locator("[data-testid=note]", { hasText: "Pelapor sudah menerima" }).locator("[data-testid=note-strike]").click();
    await admin.page.locator("[data-testid=note-input]").fill("Keliru: peralatan belum diterima pelapor, baru dijadwalkan.");
    await admin.page.locator("[data-testid=note-submit]").click();
    await liaison.page.locator("[data-testid=note]", { hasText: "Keliru: peralatan belum diterima" }).waitFor();
    await liaison.page.locator("[data-testid=note].struck", { hasText: "Pelapor sudah menerima" }).waitFor();
    expect(await wrong.innerText()).toContain("Dicoret oleh Admin OPD Diskop UKM");
    expect(await wrong.locator("[data-testid=note-body]").evaluate((e) => getComputedStyle(e).textDecorationLine)).toBe("line-through");
    expect(await notReloaded(liaison.page)).toBe(true);
    await screenshot(liaison.page, "case-notes.png");

    await liaison.page.locator("[data-testid=case-file-link]").click();
    const notes = liaison.page.locator("[data-testid=file-notes]");
    await notes.waitFor();
    expect(await notes.innerText()).toContain("Keliru: peralatan belum diterima pelapor");
    await liaison.page.locator("[data-testid=print-notes]").uncheck();
    await notes.waitFor({ state: "detached" });
  });
});
