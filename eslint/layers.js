// The server's layers, bottom to top (docs/architecture.md, "Layers"). A file may import from its
// own module and from any module of a lower layer; modules of one layer do not import each other.
import { dirname, relative, resolve, sep } from "node:path";

export const LAYERS = [
  ["config", "errors", "clock"],
  ["validate", "repeat", "ops"],
  ["db"],
  ["gql"],
  ["realtime", "notify", "trail"],
  ["sop"],
  ["auth"],
  ["case"],
  ["sla", "records", "open311"],
  ["graphql"],
  ["seed"],
  ["app"],
  ["entry"],
];

/** Programs started by themselves: they may import anything. */
const ENTRY_POINTS = [/^main\.ts$/, /\.cli\.ts$/, /^graphql\/emit-schema\.ts$/];
/** The data source lists every entity and migration: the one allowed exception. */
const ENTITY_LIST = { file: "db/data-source.ts", may: /\.entity\.[jt]s$/ };

const rank = new Map(LAYERS.flatMap((modules, i) => modules.map((m) => [m, i])));

/** The module of a path relative to server/src: its folder, or for a file at the top its name. */
export function moduleOf(path) {
  const p = path.split(sep).join("/");
  if (ENTRY_POINTS.some((re) => re.test(p))) return "entry";
  const [first, ...rest] = p.split("/");
  return rest.length ? first : first.replace(/\.[jt]s$/, "");
}

/** Why `from` may not import `to` (both relative to server/src), or null when it may. */
export function upwardImport(from, to) {
  const [a, b] = [moduleOf(from), moduleOf(to)];
  if (a === b) return null;
  if (from.split(sep).join("/") === ENTITY_LIST.file && ENTITY_LIST.may.test(to)) return null;
  const [ra, rb] = [rank.get(a), rank.get(b)];
  if (ra === undefined) return `${a}/ is in no layer: add it to eslint/layers.js`;
  if (rb === undefined) return `${b}/ is in no layer: add it to eslint/layers.js`;
  if (rb < ra) return null;
  return rb === ra
    ? `${a}/ and ${b}/ are one layer: they do not import each other`
    : `${a}/ is below ${b}/: imports run down the layers only`;
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "Imports in server/src run down the layers only" },
    schema: [{ type: "object", properties: { root: { type: "string" } }, required: ["root"], additionalProperties: false }],
    messages: { upward: "{{from}} imports {{to}}: {{why}}" },
  },
  create(context) {
    const root = context.options[0].root;
    const file = context.filename;
    const from = relative(root, file);
    if (from.startsWith("..")) return {};
    const check = (node, source) => {
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const to = relative(root, resolve(dirname(file), source));
      if (to.startsWith("..")) return;
      const why = upwardImport(from, to);
      if (why) context.report({ node, messageId: "upward", data: { from, to, why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};

export default { rules: { "imports-down": rule } };
