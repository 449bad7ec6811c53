export interface ChartBarInput {
  /** Null: nothing to draw (no data), only the text. */
  value: number | null;
  text: string;
  series: string;
}

export interface ChartRowInput {
  key: string;
  label: string;
  bars: ChartBarInput[];
}

export interface ChartOptions {
  width: number;
  /** The value at the axis' end: 1 for a share, a nice number of hours otherwise. */
  max: number;
  ticks: { value: number; label: string }[];
  /** Share of the width for row labels, clamped to 9–18 rem-ish in pixels. */
  labelShare?: number;
  barHeight?: number;
  /** Room right of the plot for the value text of the longest bar. */
  textRoom?: number;
  fontPx?: number;
}

export interface PlacedBar {
  x: number;
  y: number;
  width: number;
  height: number;
  textX: number;
  textY: number;
  text: string;
  series: string;
  value: number | null;
}

export interface PlacedRow {
  key: string;
  label: string;
  /** The label cut to fit its column, with an ellipsis. */
  shortLabel: string;
  labelY: number;
  bars: PlacedBar[];
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number };
  ticks: { x: number; label: string }[];
  rows: PlacedRow[];
}

const AXIS_HEIGHT = 22;
const ROW_GAP = 10;
const BAR_GAP = 2;

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (and at least `floor`). */
export function niceMax(value: number, floor = 1): number {
  const v = Math.max(value, floor);
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= v - 1e-9) return step * power;
  return 10 * power;
}

/** Intervals that put ticks on round numbers for a `niceMax` axis: 2.5 → 0.5 steps, 2 → 0.5, 1 → 0.2, 5 → 1. */
export function tickCountFor(max: number): number {
  const lead = max / 10 ** Math.floor(Math.log10(max));
  return Math.abs(lead - 2) < 1e-9 ? 4 : 5;
}

/** `count` + 1 evenly spaced ticks from 0 to max. */
export function ticksOf(max: number, count: number, label: (v: number) => string): { value: number; label: string }[] {
  return Array.from({ length: count + 1 }, (_v, i) => {
    const value = (max * i) / count;
    return { value, label: label(value) };
  });
}

/** Cuts text to about `room` pixels at `fontPx` (average glyph ≈ 0.55 em). */
export function fitText(text: string, room: number, fontPx: number): string {
  const chars = Math.max(3, Math.floor(room / (fontPx * 0.55)));
  return text.length <= chars ? text : `${text.slice(0, chars - 1).trimEnd()}…`;
}

/** Where every bar, label and tick of a horizontal bar chart goes; values beyond `max` are drawn at max. */
export function layoutBars(rows: ChartRowInput[], o: ChartOptions): ChartLayout {
  const fontPx = o.fontPx ?? 12;
  const barHeight = o.barHeight ?? 16;
  const labelWidth = Math.min(Math.max(o.width * (o.labelShare ?? 0.34), 130), 300);
  const textRoom = o.textRoom ?? 96;
  const plotX = labelWidth + 8;
  const plotWidth = Math.max(40, o.width - plotX - textRoom);
  const scale = (v: number) => (Math.min(Math.max(v, 0), o.max) / o.max) * plotWidth;
  let y = AXIS_HEIGHT;
  const placed: PlacedRow[] = rows.map((row) => {
    const top = y;
    const bars = row.bars.map((b, i) => {
      const by = top + i * (barHeight + BAR_GAP);
      const width = b.value == null ? 0 : scale(b.value);
      return {
        x: plotX,
        y: by,
        width,
        height: barHeight,
        textX: plotX + width + 4,
        textY: by + barHeight / 2,
        text: b.text,
        series: b.series,
        value: b.value,
      };
    });
    const rowHeight = row.bars.length * (barHeight + BAR_GAP) - BAR_GAP;
    y += rowHeight + ROW_GAP;
    return { key: row.key, label: row.label, shortLabel: fitText(row.label, labelWidth, fontPx), labelY: top + rowHeight / 2, bars };
  });
  const plotHeight = Math.max(y - AXIS_HEIGHT - ROW_GAP, 0);
  return {
    width: o.width,
    height: AXIS_HEIGHT + plotHeight + 4,
    plot: { x: plotX, y: AXIS_HEIGHT, width: plotWidth, height: plotHeight },
    ticks: o.ticks.map((t) => ({ x: plotX + scale(t.value), label: t.label })),
    rows: placed,
  };
}
