import { expect, it } from "vitest";
import en from "./en";
import id from "./id";

const keys = (tree: object, prefix = ""): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

it("has every message in both Bahasa Indonesia and English", () => {
  expect(keys(en).sort()).toEqual(keys(id).sort());
});
