import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import vue from "eslint-plugin-vue";
import globals from "globals";
import tseslint from "typescript-eslint";
import layers from "./eslint/layers.js";

const serverSrc = fileURLToPath(new URL("./server/src", import.meta.url));

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "admin-ui/src/graphql/generated/**", "data/**", ".ci-out/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs["flat/recommended"],
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-console": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["server/src/**/*.ts"],
    ignores: ["server/src/**/*.test.ts"],
    plugins: { layers },
    rules: { "layers/imports-down": ["error", { root: serverSrc }] },
  },
  {
    files: ["admin-ui/**/*.vue"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".vue"] }, globals: { ...globals.browser } },
  },
  { files: ["admin-ui/src/**/*.ts"], languageOptions: { globals: { ...globals.browser } } },
  // Tests, benchmarks, examples and command-line programs report on the console by design.
  {
    files: [
      "test/**",
      "bench/**",
      "examples/**",
      "**/*.test.ts",
      "**/*.cli.ts",
      "server/src/graphql/emit-schema.ts",
      "admin-ui/bundle-budget.ts",
      ".ci/**",
      "eslint/**",
    ],
    rules: { "no-console": "off" },
  },
  // What tests and benchmarks read back is GraphQL's JSON, untyped by nature: they index into it freely.
  { files: ["test/**", "bench/**", "**/*.test.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  prettier,
);
