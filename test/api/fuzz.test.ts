import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_500);

/** mulberry32: a small seeded generator, so a failure names the seed that reproduces it. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

type Rng = ReturnType<typeof rng>;

const schema = buildSchema(readFileSync(join(import.meta.dirname, "../../schema.graphql"), "utf8"));
let ts: TestServer;
let city: City;
const known: { ids: string[]; tracking: string[] } = { ids: [], tracking: [] };
/** API tokens of two scopes, so the fuzz reaches the scope guard too. */
const apiTokens: string[] = [];

const STRINGS = [
  "",
  " ",
  "Jalan rusak di Sungai Kunjang",
  "x".repeat(20_000),
  "'; DROP TABLE complaint_case; --",
  "\u0000\u202e",
  "ñ—💥",
  "ADU-2026-000001",
  "../../etc/passwd",
  "2026-13-45T99:99:99Z",
  "null",
];

function scalar(name: string, r: Rng): unknown {
  switch (name) {
    case "ID":
      return r.pick([...known.ids, "00000000-0000-4000-8000-000000000000", "not-an-id", "", "1", r.pick(STRINGS)]);
    case "Int":
      return r.pick([0, 1, -1, 5, 500, 501, 2 ** 31 - 1, -(2 ** 31), 3]);
    case "Float":
      return r.pick([0, 1.5, -1e9, 1e300]);
    case "Boolean":
      return r.chance(0.5);
    case "DateTimeISO":
      return r.pick(["2026-11-23T01:00:00.000Z", "2020-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "yesterday", "2026-02-30T00:00:00Z"]);
    case "JSONObject":
      return r.pick([{}, { a: 1 }, [], "x"]);
    default:
      return r.pick(STRINGS);
  }
}

function value(type: GraphQLInputType, r: Rng, depth = 0): unknown {
  if (isNonNullType(type)) return r.chance(0.03) ? null : value(type.ofType, r, depth);
  if (r.chance(0.1)) return null;
  if (isListType(type)) return Array.from({ length: r.int(4) }, () => value(type.ofType, r, depth + 1));
  if (isEnumType(type)) return r.chance(0.9) ? r.pick(type.getValues()).name : "NOT_A_VALUE";
  if (isInputObjectType(type)) {
    if (depth > 3) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (isNonNullType(f.type) || r.chance(0.6)) out[f.name] = value(f.type, r, depth + 1);
    if (r.chance(0.05)) out.unexpectedField = 1;
    return out;
  }
  if (isScalarType(type)) return scalar(type.name, r);
  return null;
}

function selection(type: GraphQLOutputType, r: Rng, depth: number): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return "";
  const fields = Object.values((named as GraphQLObjectType).getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const chosen = fields.filter(() => r.chance(0.4));
  const picked = chosen.length ? chosen : [r.pick(fields)];
  const parts = picked.map((f) => {
    const nested = isObjectType(getNamedType(f.type)) ? (depth < 3 ? selection(f.type, r, depth + 1) : "") : "";
    if (isObjectType(getNamedType(f.type)) && !nested) return "";
    return `${f.name}${nested}`;
  });
  const body = parts.filter(Boolean).join(" ") || "__typename";
  return ` { ${body} }`;
}

function operation(r: Rng): { query: string; variables: Record<string, unknown> } {
  const kind = r.pick(["query", "query", "mutation", "mutation", "mutation"] as const);
  const root = kind === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const field: GraphQLField<unknown, unknown> = r.pick(Object.values(root.getFields()));
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) || r.chance(0.5));
  const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  const variables = Object.fromEntries(args.filter(() => !r.chance(0.03)).map((a) => [a.name, value(a.type, r)]));
  let query = `${kind} Fuzz${defs ? `(${defs})` : ""} { ${field.name}${call}${selection(field.type, r, 1)} }`;
  if (r.chance(0.05)) query = query.slice(0, r.int(query.length));
  if (r.chance(0.03)) query = query.replace(field.name, `${field.name}X`);
  return { query, variables };
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  for (let i = 0; i < 3; i++) {
    const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint;
    known.ids.push(r.case.id);
    known.tracking.push(r.trackingNumber);
  }
  known.ids.push(city.opdA.id, city.opdB.id);
  const apiToken = async (role: string, opd: string | null, scopes: string) =>
    (
      await ok(
        ts.app.url,
        `mutation($o: ID) { createApiToken(label: "Fuzz", role: ${role}, opdId: $o, scopes: [${scopes}]) { token } }`,
        { o: opd },
        city.tokens.instansi,
      )
    ).createApiToken.token;
  apiTokens.push(
    await apiToken("ADMIN_OPD", city.opdA.id, "ACT, CASES_READ"),
    await apiToken("ADMIN_INSTANSI", null, "CASES_READ, SLA_READ, SCHEMA_READ"),
  );
}, 60_000);
afterAll(() => ts?.stop());

describe(`fuzz: ${RUNS} generated operations from schema.graphql (seed ${SEED})`, () => {
  it("never answers INTERNAL_SERVER_ERROR and keeps answering", async () => {
    const r = rng(SEED);
    const tokens = [
      undefined,
      city.tokens.instansi,
      city.tokens.adminA,
      city.tokens.liaisonA,
      city.tokens.officerA,
      city.tokens.superuser,
      ...apiTokens,
      "garbage.token.value",
      "desk_garbage",
    ];
    const internal: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const op = operation(r);
      const token = r.pick(tokens);
      const res = await fetch(ts.app.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(op),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      if (res.status >= 500 || text.includes("INTERNAL_SERVER_ERROR"))
        internal.push(
          `#${i} ${res.status} ${op.query.slice(0, 300)} ${JSON.stringify(op.variables).slice(0, 300)} → ${text.slice(0, 300)}`,
        );
    }
    console.log(
      `fuzz seed ${SEED}: ${RUNS} operations, HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}, internal errors ${internal.length}`,
    );
    expect(internal.slice(0, 5)).toEqual([]);
    expect((await fetch(`${new URL(ts.app.url).origin}/healthz`)).status).toBe(200);
  }, 600_000);
});
