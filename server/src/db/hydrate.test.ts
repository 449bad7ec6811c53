import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Runs in its own Node with `--allow-natives-syntax`, so V8 can be asked whether an object kept its
 * fast properties (`%HasFastProperties`) rather than turning into a hash table.
 */
const SCRIPT = `
import "reflect-metadata";
import { DataSource } from "typeorm";
import { Case, copyOf } from "./case/case.entity.js";
import { Opd } from "./auth/opd.entity.js";
import { ENTITIES } from "./db/data-source.js";
import { hydrate } from "./db/hydrate.js";
const fast = new Function("o", "return %HasFastProperties(o)");
const ds = new DataSource({ type: "postgres", entities: ENTITIES });
await ds.buildMetadatas();
const row = {};
for (const c of ds.getMetadata(Case).columns) row[c.databaseName] = c.type === "timestamptz" ? "2026-11-29 08:00:00+08" : c.type === "int" ? 3 : c.type === "boolean" ? false : c.type === "jsonb" ? {} : "x";
row.opd__id = "o1"; row.opd__code = "DISKOMINFO"; row.opd__name = "Dinas Kominfo";
const full = hydrate(ds, Case, row);
const { title: _t, description: _d, ...narrow } = row;
const part = hydrate(ds, Case, narrow);
const opd = hydrate(ds, Opd, row, "opd__");
console.log(JSON.stringify({
  full: fast(full), copy: fast(copyOf(full)), part: fast(part),
  columns: Object.keys(full).length, at: full.stageEnteredAt instanceof Date && full.stageEnteredAt.toISOString(),
  partHasTitle: "title" in part, opd: { ...opd }, opdIsOpd: opd instanceof Opd,
}));
`;

describe("hydrate", () => {
  it("builds entities V8 keeps fast (no hash-table objects), converting and leaving out columns as before", () => {
    const run = spawnSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", "--input-type=module", "-e", SCRIPT], {
      cwd: join(import.meta.dirname, ".."),
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ full: true, copy: true, part: true, at: "2026-11-29T00:00:00.000Z", partHasTitle: false, opdIsOpd: true });
    expect(out.columns).toBeGreaterThan(30);
    expect(out.opd).toEqual({ id: "o1", code: "DISKOMINFO", name: "Dinas Kominfo" });
  });
});
