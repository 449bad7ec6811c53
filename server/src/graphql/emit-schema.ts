import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { schemaSdl } from "./schema.js";

const target = resolve(import.meta.dirname, "../../../schema.graphql");
writeFileSync(target, await schemaSdl());
process.stdout.write(`wrote ${target}\n`);
