import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Prints the gzipped size of the JavaScript a first visit loads, and fails the build over budget. */
export function bundleBudget(limitKb: number): Plugin {
  return {
    name: "desk-bundle-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === "chunk" && c.isEntry);
      if (!entry || entry.type !== "chunk") return;
      const seen = new Set<string>();
      const visit = (file: string) => {
        const chunk = bundle[file];
        if (seen.has(file) || !chunk || chunk.type !== "chunk") return;
        seen.add(file);
        chunk.imports.forEach(visit);
      };
      visit(entry.fileName);
      const bytes = [...seen].reduce((sum, file) => {
        const chunk = bundle[file];
        return sum + (chunk.type === "chunk" ? gzipSync(chunk.code, { level: 9 }).length : 0);
      }, 0);
      const kb = bytes / 1024;
      const line = `initial JavaScript: ${kb.toFixed(1)} KB gzipped in ${seen.size} file(s) (budget ${limitKb} KB)`;
      if (kb > limitKb) this.error(line);
      console.log(line);
    },
  };
}
