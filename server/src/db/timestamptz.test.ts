import fc from "fast-check";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseTimestamptz } from "./timestamptz.js";

const pgParse = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, "text");
const two = (n: number) => String(n).padStart(2, "0");

/** An instant as PostgreSQL's ISO DateStyle prints it at a session offset (whole hours or not). */
function pgText(ms: number, micros: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const date = `${String(d.getUTCFullYear()).padStart(4, "0")}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const fraction = micros ? `.${String(micros).padStart(6, "0").replace(/0+$/, "")}` : "";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${two(Math.floor(abs / 60))}${abs % 60 ? `:${two(abs % 60)}` : ""}`;
  return `${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${fraction}${offset}`;
}

describe("parseTimestamptz", () => {
  it("reads every shape PostgreSQL prints exactly as pg's own parser does", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("0001-01-01T00:00:00Z"), max: Date.parse("9998-12-31T00:00:00Z") }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom(0, 480, -180, 330, 765, -720, 840),
        (ms, micros, offset) => {
          const text = pgText(Math.floor(ms / 1000) * 1000, micros, offset);
          expect(parseTimestamptz(text).getTime(), text).toBe((pgParse(text) as Date).getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("hands what it does not read itself to pg's parser", () => {
    for (const text of ["infinity", "-infinity", "2026-11-29 05:00:19 BC", "1900-01-01 00:00:00+07:07:12", "10000-01-01 00:00:00+00"]) {
      expect(String(parseTimestamptz(text)), text).toBe(String(pgParse(text)));
    }
  });
});
