import { createRequire } from "node:module";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
const report = process.env.DESK_TEST_REPORT;

export default defineConfig({
  root: resolve(import.meta.dirname, ".."),
  resolve: {
    // One graphql copy for our sources and the CommonJS-resolved one the libraries load.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql/index.js") }],
  },
  test: {
    include: ["server/src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
  },
});
