import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, parse, specifiedRules, validate, type DocumentNode } from "graphql";
import { armor, PARSE_OPTIONS, QUERY_LIMITS } from "../../server/src/graphql/limits.js";
import { gql, subscribe } from "../support/client.js";
import { complaint, login, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const RECORD = (alias: string) => `${alias}: recordComplaint(input: $input) { trackingNumber }`;
const input = { ...complaint(), channel: "LETTER" };
const cases = async () => (await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case`))[0].n as number;
const codes = (r: { errors?: { extensions?: { code?: unknown } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

async function post(body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(ts.app.url, { method: "POST", body, headers: { authorization: `Bearer ${city.tokens.instansi}`, ...headers } });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("request limits", () => {
  it("fit every operation the console sends", () => {
    const schema = buildSchema(readFileSync(join(import.meta.dirname, "../../schema.graphql"), "utf8"));
    const dir = join(import.meta.dirname, "../../admin-ui/src/graphql");
    const doc = parse(readdirSync(dir).filter((f) => f.endsWith(".graphql")).map((f) => readFileSync(join(dir, f), "utf8")).join("\n"), PARSE_OPTIONS);
    const fragments = doc.definitions.filter((d) => d.kind === "FragmentDefinition");
    const operations = doc.definitions.filter((d) => d.kind === "OperationDefinition");
    expect(operations.length).toBeGreaterThan(20);
    const { validationRules } = armor();
    const refused = operations.flatMap((op) => {
      const single: DocumentNode = { ...doc, definitions: [op, ...fragments] };
      return validate(schema, single, [...specifiedRules, ...validationRules])
        .filter((e) => !/is never used/.test(e.message))
        .map((e) => `${op.name?.value}: ${e.message}`);
    });
    expect(refused).toEqual([]);
  });

  it("a query 20 levels deep is refused before it runs", async () => {
    const deep = `{ me { opd { ${"x { ".repeat(17)}y${" }".repeat(17)} } } }`;
    const r = await gql(ts.app.url, deep, {}, city.tokens.instansi);
    expect(r.status).toBe(400);
    expect(codes(r)).toContain("GRAPHQL_VALIDATION_FAILED");
    expect(r.errors!.map((e) => e.message).join(" ")).toMatch(new RegExp(`depth limit of ${QUERY_LIMITS.maxDepth}`));
  });

  it("100 aliases of a mutation are refused and nothing is recorded", async () => {
    const before = await cases();
    const many = `mutation($input: RecordComplaintInput!) { ${Array.from({ length: 100 }, (_, i) => RECORD(`a${i}`)).join(" ")} }`;
    const r = await gql(ts.app.url, many, { input }, city.tokens.instansi);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(r.errors![0].message).toMatch(/aliases/i);
    expect(r.data).toBeUndefined();
    expect(await cases()).toBe(before);
    const few = `mutation($input: RecordComplaintInput!) { ${Array.from({ length: 2 }, (_, i) => RECORD(`a${i}`)).join(" ")} }`;
    expect(codes(await gql(ts.app.url, few, { input }, city.tokens.instansi))).toEqual([]);
    expect(await cases()).toBe(before + 2);
  });

  it("too many directives or tokens are refused", async () => {
    const directives = `{ me { username ${"@include(if: true) ".repeat(QUERY_LIMITS.maxDirectives + 1)} } }`;
    expect(codes(await gql(ts.app.url, directives, {}, city.tokens.instansi))).toContain("GRAPHQL_VALIDATION_FAILED");
    const tokens = `{ me { ${"username ".repeat(QUERY_LIMITS.maxTokens)} } }`;
    const r = await gql(ts.app.url, tokens, {}, city.tokens.instansi);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(r.errors![0].message).toMatch(new RegExp(`more tha[nt] ${QUERY_LIMITS.maxTokens} tokens`));
  });

  it("a 5 MB body is PAYLOAD_TOO_LARGE and runs nothing", async () => {
    const before = await cases();
    const body = JSON.stringify({ query: `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`, variables: { input: { ...input, description: "x".repeat(5 * 1024 * 1024) } } });
    const r = await post(body);
    expect(r.status).toBe(413);
    expect(r.json.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await cases()).toBe(before);
  });

  it("a batched array is refused and none of it runs", async () => {
    const before = await cases();
    const one = { query: `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`, variables: { input } };
    const r = await post(JSON.stringify([one, one]));
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/batching/i);
    expect(await cases()).toBe(before);
  });

  it("a text/plain POST without the preflight header is refused as CSRF and runs nothing", async () => {
    const before = await cases();
    const r = await post(JSON.stringify({ query: `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`, variables: { input } }), { "content-type": "text/plain" });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/Cross-Site Request Forgery/);
    expect(await cases()).toBe(before);
  });

  it("a NUL character anywhere in a request is VALIDATION, over HTTP and graphql-ws, and nothing runs", async () => {
    const before = await cases();
    const r = await gql(ts.app.url, `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`, { input: { ...input, title: "a\u0000b" } }, city.tokens.instansi);
    expect([r.status, codes(r)]).toEqual([400, ["VALIDATION"]]);
    expect(await cases()).toBe(before);
    const sub = await subscribe(ts.app.wsUrl, `subscription { caseChanged { caseId } } # \u0000`, city.tokens.instansi);
    await sub.waitFor(() => sub.errors.length > 0);
    expect(JSON.stringify(sub.errors)).toContain('"code":"VALIDATION"');
    await sub.close();
  });

  it("graphql-ws applies the same rules to subscriptions", async () => {
    const aliased = `subscription { ${Array.from({ length: 20 }, (_, i) => `s${i}: caseChanged { caseId }`).join(" ")} }`;
    const sub = await subscribe(ts.app.wsUrl, aliased, city.tokens.instansi);
    await sub.waitFor(() => sub.errors.length > 0);
    expect(JSON.stringify(sub.errors)).toMatch(/aliases/i);
    await sub.close();
  });

  it("1,000 rapid sign-ins with a wrong password: RATE_LIMITED after 10 from one address, with Retry-After", async () => {
    const wrong = `mutation { login(username: "adminb", password: "salah-salah") { token } }`;
    const results = [];
    for (let i = 0; i < 1000; i++) {
      const res = await fetch(ts.app.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: wrong }) });
      results.push({ status: res.status, retryAfter: res.headers.get("retry-after"), code: ((await res.json()) as any).errors[0].extensions.code });
    }
    expect(results.slice(0, 10).every((r) => r.code === "UNAUTHENTICATED")).toBe(true);
    expect(results.slice(10).every((r) => r.code === "RATE_LIMITED" && r.status === 429 && Number(r.retryAfter) > 0)).toBe(true);
    await expect(login(ts.app.url, "adminb")).rejects.toThrow(/RATE_LIMITED/);
    ts.clock.advanceHours(1);
    expect(await login(ts.app.url, "adminb")).toMatch(/^ey/);
  });
});
