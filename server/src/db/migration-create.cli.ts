import { readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const words = (process.argv[2] ?? "")
  .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
  .split(/[^A-Za-z0-9]+/)
  .filter(Boolean)
  .map((w) => w.toLowerCase());
if (process.argv.length !== 3 || words.length === 0 || !/^[a-z]/.test(words[0])) {
  console.error("usage: npm run migration:create -- some-name");
  process.exit(2);
}

const dir = join(import.meta.dirname, "migrations");
const taken = readdirSync(dir).map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0));
// TypeORM runs migrations in timestamp order, and some existing ones are dated ahead of today.
const timestamp = Math.max(Date.now(), ...taken.map((t) => t + 1));
const file = `${timestamp}-${words.join("-")}.ts`;
const className = words.map((w) => w[0].toUpperCase() + w.slice(1)).join("") + timestamp;

writeFileSync(
  join(dir, file),
  `import type { MigrationInterface, QueryRunner } from "typeorm";

/** What this changes, and why. */
export class ${className} implements MigrationInterface {
  name = "${className}";

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`,
  { flag: "wx" },
);

const dataSource = relative(process.cwd(), join(import.meta.dirname, "data-source.ts"));
console.log(`created ${relative(process.cwd(), join(dir, file))}`);
console.log(`add it to MIGRATIONS in ${dataSource} (it is not picked up by itself):`);
console.log(`  import { ${className} } from "./migrations/${file.replace(/\.ts$/, ".js")}";`);
