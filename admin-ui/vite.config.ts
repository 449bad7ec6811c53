import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";
import { bundleBudget } from "./bundle-budget";

export default defineConfig({
  plugins: [vue(), bundleBudget(150)],
  server: {
    proxy: { "/graphql": { target: "http://127.0.0.1:4000", ws: true } },
  },
});
