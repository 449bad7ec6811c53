import type { ESLint } from "eslint";

export const LAYERS: string[][];
export function moduleOf(path: string): string;
export function upwardImport(from: string, to: string): string | null;
declare const plugin: ESLint.Plugin;
export default plugin;
