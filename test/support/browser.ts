import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { DEMO_PASSWORD } from "../../server/src/app/demo-seed.js";
import { ok } from "./client.js";
import { login } from "./fixtures.js";
import { startTestServer, type TestServer } from "./server.js";

/** Debian's chromium (apt-get install chromium); Playwright's own browser downloads are not used. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

const root = resolve(import.meta.dirname, "../..");
export const ADMIN_UI_DIST = join(root, "admin-ui/dist");
/** The README's pictures are rewritten only when asked (`npm run screenshots`); otherwise they go to a scratch folder. */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(root, "docs/screenshots") : join(tmpdir(), "desk-screenshots");

export const LAPTOP = { width: 1366, height: 768 };
export const WALL = { width: 1920, height: 1080 };

/** Generous: the browser shares two cores with the server and the database. */
export const UI_TIMEOUT = 15_000;

/**
 * A browser suite: run one test after another when chromium is there; otherwise skipped, with
 * a line saying why, never failed.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (hasChromium) {
    describe.sequential(name, fn);
    return;
  }
  console.warn(`browser tests SKIPPED: ${CHROMIUM} not found (apt-get install chromium)`);
  describe.skip(name, fn);
}

/** The server with the demo data (or, with `demo: false`, an empty desk), serving the built console at `/`. */
export async function startConsoleServer(demo = true): Promise<TestServer> {
  if (!existsSync(join(ADMIN_UI_DIST, "index.html"))) {
    throw new Error(`no built console at ${ADMIN_UI_DIST}: run "npm run build --workspace admin-ui" (the root "npm test" does)`);
  }
  return startTestServer({ seedDemo: demo, heartbeatSeconds: 1, adminUiDist: ADMIN_UI_DIST });
}

/** Where the console is served: the API's origin. */
export const origin = (ts: TestServer) => new URL(ts.app.url).origin;

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** One "browser" (one user): its own profile directory, so its own storage and session. */
export async function openBrowser(viewport = LAPTOP): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), "desk-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport,
    locale: "id-ID",
    timezoneId: "Asia/Makassar",
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  return {
    context,
    page,
    pageErrors,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ConsoleSuite {
  /** Set once the suite's beforeAll has run. */
  ts: TestServer;
  /** Opens a browser that the suite closes again (after each test, or after all). */
  open(viewport?: typeof LAPTOP): Promise<Browser>;
}

/**
 * A suite's hooks: the console server started before all its tests, browsers closed and the
 * server stopped after. An uncaught exception in any of its pages fails the suite when it closes.
 */
export function consoleSuite(options: { closeBrowsers: "afterEach" | "afterAll"; demo?: boolean }): ConsoleSuite {
  const open: Browser[] = [];
  const closeAll = async () => {
    const closing = open.splice(0);
    await Promise.all(closing.map((b) => b.close()));
    const errors = closing.flatMap((b) => b.pageErrors);
    if (errors.length) throw new Error(`uncaught exceptions in the console:\n${errors.join("\n")}`);
  };
  const suite: ConsoleSuite = {
    ts: undefined as unknown as TestServer,
    async open(viewport = LAPTOP) {
      const b = await openBrowser(viewport);
      open.push(b);
      return b;
    },
  };
  beforeAll(async () => {
    suite.ts = await startConsoleServer(options.demo ?? true);
  });
  if (options.closeBrowsers === "afterEach") afterEach(closeAll);
  afterAll(async () => {
    try {
      await closeAll();
    } finally {
      await suite.ts?.stop();
    }
  });
  return suite;
}

/** Signs in through the login page and waits for the live board. */
export async function signIn(page: Page, ts: TestServer, username: string): Promise<void> {
  await submitLogin(page, ts, username, DEMO_PASSWORD);
  await boardReady(page);
}

/** Fills and sends the login page's form; where it leads is the caller's to wait for. */
export async function submitLogin(page: Page, ts: TestServer, username: string, password: string): Promise<void> {
  await page.goto(`${origin(ts)}/login`);
  await page.locator("input[name=username]").fill(username);
  await page.locator("input[name=password]").fill(password);
  await page.locator("form button[type=submit]").click();
}

/** Follows a header link, opening the Administrasi menu first when the link lives in it. */
export async function navigate(page: Page, testid: string): Promise<void> {
  const link = page.locator(`header [data-testid=${testid}]`);
  await page.locator("header nav [data-testid=nav-board]").waitFor();
  if (!(await link.isVisible()) && (await page.locator("header [data-testid=nav-admin]").count()) > 0) {
    await page.locator("[data-testid=nav-admin]").click();
  }
  await link.click();
}

/** The page is no wider than the window: nothing scrolls sideways. */
export const fitsWidth = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The board has its cards and its live link. */
export async function boardReady(page: Page): Promise<void> {
  await page.locator("[data-testid=case-card]").first().waitFor();
  await page.locator("[data-testid=link-status].link-online").waitFor();
}

export const column = (page: Page, stage: string): Locator => page.locator(`[data-testid=stage-column][data-stage=${stage}]`);
export const cardOf = (page: Page, id: string): Locator => page.locator(`[data-testid=case-card][data-case="${id}"]`);
export const cardIn = (page: Page, stage: string, id: string): Locator =>
  column(page, stage).locator(`[data-testid=case-card][data-case="${id}"]`);
export const dialog = (page: Page): Locator => page.locator("dialog[data-testid=action-dialog]");
export const errorNotices = (page: Page): Locator => page.locator("[data-testid=notices] .notice-error");

/** The number a column's header counts. */
export async function columnCount(page: Page, stage: string): Promise<number> {
  return Number(/\d+/.exec((await column(page, stage).locator("[data-testid=column-count]").textContent()) ?? "")?.[0]);
}

/** The id of a card that the viewer may move, in `stage`'s column. */
export async function movableCard(page: Page, stage: string): Promise<string> {
  const card = column(page, stage).locator("[data-testid=case-card][draggable=true]").first();
  await card.waitFor();
  return (await card.getAttribute("data-case"))!;
}

/** Marks the page so a later `notReloaded` proves it was never loaded again. */
export const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { deskMark: number }).deskMark = 1));
export const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { deskMark?: number }).deskMark === 1);

/** Writes `name` into SCREENSHOTS. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/** A demo account's bearer token, for GraphQL over HTTP beside the browser. */
export const demoToken = (ts: TestServer, username: string) => login(ts.app.url, username, DEMO_PASSWORD);

/** The id of an OPD by its code. */
export async function opdIdOf(ts: TestServer, token: string, code: string): Promise<string> {
  const opds = (await ok<{ opds: { id: string; code: string }[] }>(ts.app.url, `{ opds { id code } }`, {}, token)).opds;
  return opds.find((o) => o.code === code)!.id;
}

/** A wall monitor's display token for one OPD, made by the Admin Instansi through the API. */
export async function displayToken(ts: TestServer, opdCode: string): Promise<string> {
  const instansi = await demoToken(ts, "admin.instansi");
  const data = await ok<{ createDisplayToken: { token: string } }>(
    ts.app.url,
    `mutation($label: String!, $opd: ID) { createDisplayToken(label: $label, opdId: $opd, days: 30) { token } }`,
    { label: `Layar ruang tunggu ${opdCode}`, opd: await opdIdOf(ts, instansi, opdCode) },
    instansi,
  );
  return data.createDisplayToken.token;
}

export const wallRows = (page: Page): Locator => page.locator("[data-testid=wall-row]");
export const wallRow = (page: Page, tracking: string): Locator => page.locator(`[data-testid=wall-row][data-tracking="${tracking}"]`);

/**
 * A 1920×1080 browser showing DISKOPUKMP's wall monitor through a display-token link (no sign-in),
 * once its rows and live link are there; `prepare` runs before the page loads.
 */
export async function openWallMonitor(
  suite: ConsoleSuite,
  options: { query?: Record<string, string>; prepare?: (page: Page) => Promise<unknown> } = {},
): Promise<Page> {
  const { page } = await suite.open(WALL);
  await options.prepare?.(page);
  const params = new URLSearchParams({ token: await displayToken(suite.ts, "DISKOPUKMP"), ...options.query });
  await page.goto(`${origin(suite.ts)}/monitor?${params}`);
  await wallRows(page).first().waitFor();
  await page.locator("[data-testid=wall-link].link-online").waitFor();
  return page;
}

export interface CaseState {
  stage: string;
  version: number;
  trackingNumber: string;
  events: { action: string; inputs: Record<string, unknown> | null }[];
}

/** A case as the server has it. */
export async function caseState(ts: TestServer, token: string, id: string): Promise<CaseState> {
  const data = await ok<{ case: CaseState }>(
    ts.app.url,
    `query($id: ID!) { case(id: $id) { stage version trackingNumber events { action inputs } } }`,
    { id },
    token,
  );
  return data.case;
}
