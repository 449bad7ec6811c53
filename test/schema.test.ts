import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { schemaSdl } from "../server/src/graphql/schema.js";

describe("schema.graphql", () => {
  it("is exactly what the code emits (run `npm run schema` after changing the API)", async () => {
    const committed = readFileSync(resolve(import.meta.dirname, "../schema.graphql"), "utf8");
    expect(committed).toBe(await schemaSdl());
  });
});
