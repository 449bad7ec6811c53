import { createRequire } from "node:module";
import { resolve } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);
const report = process.env.DESK_TEST_REPORT;
const BROWSER_TESTS = "test/browser/**/*.test.ts";
const RELIABILITY_TESTS = "test/reliability/**/*.test.ts";

export default defineConfig({
  root: resolve(import.meta.dirname, ".."),
  resolve: {
    // One graphql copy for our sources and the CommonJS-resolved one the libraries load.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql/index.js") }],
  },
  test: {
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "api",
          include: ["server/src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, BROWSER_TESTS, RELIABILITY_TESTS],
        },
      },
      {
        // Chromium, the server and its database share the machine: browser files run one at a
        // time, after every API file (a project without file parallelism runs in vitest's last,
        // single-worker group), so no fork's load makes their waits flaky.
        extends: true,
        test: { name: "browser", include: [BROWSER_TESTS], fileParallelism: false },
      },
      {
        // Load, kill -9, paused databases and memory bounds: one file at a time, with the
        // browser files, so no other file's load skews what they measure.
        extends: true,
        // --expose-gc: the leak checks compare heaps after a full collection.
        test: {
          name: "reliability",
          include: [RELIABILITY_TESTS],
          fileParallelism: false,
          testTimeout: 180_000,
          execArgv: ["--expose-gc"],
        },
      },
    ],
  },
});
