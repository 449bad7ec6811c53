import { expect, it } from "vitest";
import { SOP_V1 } from "../../server/src/sop/sop.definition.js";
import { consoleSuite, describeBrowser, origin, screenshot } from "../support/browser.js";

describeBrowser("the SOP document with its swimlane flowchart", () => {
  const suite = consoleSuite({ closeBrowsers: "afterEach" });

  it("draws every step in its actor's lane with arrows between them, lists the legal basis, and prints on A4 landscape", async () => {
    const { page } = await suite.open({ width: 1080, height: 800 });
    await page.goto(`${origin(suite.ts)}/sop`);
    await page.locator("[data-testid=sop-step]").first().waitFor();

    const lanes = await page.locator("[data-symbol-step]").evaluateAll((symbols) =>
      symbols.map((s) => ({
        step: Number(s.getAttribute("data-symbol-step")),
        lane: s.closest("td")!.getAttribute("data-lane"),
        shape: s.getAttribute("data-shape"),
      })),
    );
    expect(lanes.sort((a, b) => a.step - b.step)).toEqual(
      SOP_V1.steps.map((s, i) => ({
        step: s.number,
        lane: s.actor,
        shape: i === 0 ? "terminator" : i === SOP_V1.steps.length - 1 ? "decision" : "process",
      })),
    );
    expect(await page.locator(".arrows path[marker-end]").count()).toBe(SOP_V1.steps.length);

    const basis = await page.locator("[data-testid=legal-basis] li").allTextContents();
    expect(basis).toEqual(SOP_V1.legalBasis);
    const text = await page.locator("[data-testid=sop-document]").innerText();
    for (const s of SOP_V1.steps) {
      expect(text).toContain(s.description);
      expect(text).toContain(s.time.label);
    }

    await page.emulateMedia({ media: "print" });
    await page.waitForFunction(() => document.querySelectorAll(".arrows path[marker-end]").length > 0);
    await screenshot(page, "sop-print.png");
    const pdf = await page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
