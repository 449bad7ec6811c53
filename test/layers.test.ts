import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import layers from "../eslint/layers.js";

const root = fileURLToPath(new URL("../server/src", import.meta.url));

const eslint = new ESLint({
  cwd: fileURLToPath(new URL("..", import.meta.url)),
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: tseslint.parser },
      linterOptions: { reportUnusedDisableDirectives: "off" },
      plugins: { layers },
      rules: { "layers/imports-down": ["error", { root }] },
    },
  ],
});

describe("the server's layers", () => {
  it("no file under server/src imports from a higher layer, nor from a sibling of its own layer", async () => {
    const results = await eslint.lintFiles(["server/src/**/*.ts"]);
    const files = results.filter((r) => !r.filePath.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((r) => r.messages.map((m) => `${m.message}`))).toEqual([]);
  });

  it("refuses an upward import, a sibling's, and lets the entity list and a lower layer through", async () => {
    const lint = async (file: string, source: string) =>
      (await eslint.lintText(`import { x } from "${source}";\nexport { x };\n`, { filePath: `${root}/${file}` }))[0].messages.map(
        (m) => m.message,
      );
    expect(await lint("sop/probe.ts", "../case/case.service.js")).toEqual([
      "sop/probe.ts imports case/case.service.js: sop/ is below case/: imports run down the layers only",
    ]);
    expect(await lint("sla/probe.ts", "../records/report.service.js")).toEqual([
      "sla/probe.ts imports records/report.service.js: sla/ and records/ are one layer: they do not import each other",
    ]);
    expect(await lint("db/data-source.ts", "../case/case.entity.js")).toEqual([]);
    expect(await lint("db/newest-first.ts", "../case/case.entity.js")).toHaveLength(1);
    expect(await lint("case/probe.ts", "../auth/viewer.js")).toEqual([]);
    expect(await lint("main.ts", "./app.js")).toEqual([]);
  });
});
