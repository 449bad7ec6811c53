import { randomUUID } from "node:crypto";
import { generateCases } from "../../server/src/seed/generate-cases.js";
import { SopService } from "../../server/src/sop/sop.service.js";
import { withDatabase } from "./db-script.js";

const count = Number(process.argv[2] ?? 100_000);
const opds = Number(process.argv[3] ?? 20);

const result = await withDatabase(async ({ dataSource: ds }) => {
  await new SopService(ds).ensureSeeded();
  const opdIds: string[] = [];
  for (let i = 1; i <= opds; i++) {
    const id = randomUUID();
    await ds.query(`INSERT INTO opd (id, code, name, active) VALUES ($1, $2, $3, true)`, [id, `OPD${String(i).padStart(2, "0")}`, `Dinas Contoh ${i}`]);
    opdIds.push(id);
  }
  const started = performance.now();
  const generated = await generateCases(ds, { count, opdIds, before: new Date(), tag: "BENCH" });
  return { ...generated, seconds: (performance.now() - started) / 1000 };
});
console.log(JSON.stringify(result));
