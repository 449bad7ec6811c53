import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vitest/config";

// The root `npm test` runs the server's suite, then this one, with the same DESK_TEST_REPORT:
// this one writes beside it (x.json → x.admin-ui.json) instead of over it; .ci/run sums both.
const report = process.env.DESK_TEST_REPORT?.replace(/(\.json)?$/, ".admin-ui.json");

export default defineConfig({
  plugins: [vue()],
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
  },
});
