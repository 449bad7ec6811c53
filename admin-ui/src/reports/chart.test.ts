import { describe, expect, it } from "vitest";
import { fitText, layoutBars, niceMax, tickCountFor, ticksOf } from "./chart";

describe("bar chart scaling", () => {
  it("rounds the hours axis up to a nice number", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(1.7)).toBe(2);
    expect(niceMax(2.3)).toBe(2.5);
    expect(niceMax(3.1)).toBe(5);
    expect(niceMax(24)).toBe(25);
    expect(niceMax(26)).toBe(50);
    expect(niceMax(70)).toBe(100);
  });

  it("puts the hour ticks on round numbers", () => {
    const steps = (max: number) => ticksOf(max, tickCountFor(max), String).map((t) => t.value);
    expect(steps(2.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(steps(2)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(steps(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(steps(50)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it("draws shares against a 100% axis: bar widths are proportional, over-range is clamped, null draws nothing", () => {
    const ticks = ticksOf(1, 4, (v) => `${v * 100}%`);
    expect(ticks.map((t) => t.label)).toEqual(["0%", "25%", "50%", "75%", "100%"]);
    const layout = layoutBars(
      [
        { key: "a", label: "Langkah 1", bars: [{ value: 1, text: "4/4", series: "met" }] },
        { key: "b", label: "Langkah 2", bars: [{ value: 2 / 3, text: "2/3", series: "met" }] },
        { key: "c", label: "Langkah 3", bars: [{ value: null, text: "—", series: "met" }] },
        { key: "d", label: "x", bars: [{ value: 7, text: "", series: "met" }] },
      ],
      { width: 600, max: 1, ticks },
    );
    const full = layout.plot.width;
    expect(layout.rows.map((r) => r.bars[0].width)).toEqual([full, (full * 2) / 3, 0, full]);
    expect(layout.ticks.at(-1)!.x).toBeCloseTo(layout.plot.x + full);
    expect(layout.ticks[0].x).toBe(layout.plot.x);
    expect(layout.rows[1].bars[0].textX).toBeCloseTo(layout.plot.x + (full * 2) / 3 + 4);
    expect(layout.plot.x + full).toBeLessThanOrEqual(600);
    const ys = layout.rows.map((r) => r.bars[0].y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  });

  it("stacks a row's bars (median over P90) without overlap, and the height grows with the rows", () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_v, i) => ({
        key: String(i),
        label: `r${i}`,
        bars: [
          { value: 1, text: "1", series: "median" },
          { value: 2, text: "2", series: "p90" },
        ],
      }));
    const one = layoutBars(rows(1), { width: 500, max: 2.5, ticks: [] });
    const [median, p90] = one.rows[0].bars;
    expect(p90.y).toBeGreaterThanOrEqual(median.y + median.height);
    expect(p90.width / median.width).toBeCloseTo(2);
    expect(layoutBars(rows(3), { width: 500, max: 2.5, ticks: [] }).height).toBeGreaterThan(one.height);
  });

  it("cuts long labels with an ellipsis", () => {
    expect(fitText("DISKOPUKMP", 200, 12)).toBe("DISKOPUKMP");
    const cut = fitText("Menganalisa pengaduan dan berkoordinasi dengan petugas", 100, 12);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(15);
  });
});
