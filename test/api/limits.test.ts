import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import {
  buildSchema,
  Kind,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from "graphql";
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
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}

beforeAll(async () => {
  ts = await startTestServer({ env: { WS_CONNECTIONS_PER_IDENTITY: "20", WS_OPERATIONS_PER_CONNECTION: "25" } });
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("request limits", () => {
  it("fit every operation the console sends", () => {
    const schema = buildSchema(readFileSync(join(import.meta.dirname, "../../schema.graphql"), "utf8"));
    const dir = join(import.meta.dirname, "../../admin-ui/src/graphql");
    const all = parse(
      readdirSync(dir)
        .filter((f) => f.endsWith(".graphql"))
        .map((f) => readFileSync(join(dir, f), "utf8"))
        .join("\n"),
    );
    const fragments = new Map(
      all.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    const operations = all.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThan(20);
    /** What the console sends for one operation: it and the fragments it spreads, transitively. */
    const sent = (op: OperationDefinitionNode): string => {
      const used = new Set<string>();
      const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
        visit(node, {
          FragmentSpread(spread) {
            if (used.has(spread.name.value)) return;
            used.add(spread.name.value);
            walk(fragments.get(spread.name.value)!);
          },
        });
      walk(op);
      return [op, ...[...used].map((n) => fragments.get(n)!)].map((d) => print(d)).join("\n");
    };
    const { validationRules } = armor();
    const refused = operations.flatMap((op) => {
      const name = op.name?.value;
      try {
        const single: DocumentNode = parse(sent(op), PARSE_OPTIONS);
        return validate(schema, single, [...specifiedRules, ...validationRules]).map((e) => `${name}: ${e.message}`);
      } catch (e) {
        return [`${name}: ${(e as Error).message}`];
      }
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

  it("the cost counts page sizes: 500 cases with a few fields pass, with their visits and events they do not", async () => {
    const page = await gql(
      ts.app.url,
      "{ cases(first: 500) { edges { node { id trackingNumber complainant { name contact } } } } }",
      {},
      city.tokens.instansi,
    );
    expect(codes(page)).toEqual([]);
    const heavy = await gql(
      ts.app.url,
      "{ cases(first: 500) { edges { node { id visits { stage enteredAt dueAt doneAt slaState } events { action at actorRole inputs } attachments { fileName } } } } }",
      {},
      city.tokens.instansi,
    );
    expect(codes(heavy)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(heavy.errors![0].message).toMatch(new RegExp(`Cost limit of ${QUERY_LIMITS.maxCost}`));
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
    const body = JSON.stringify({
      query: `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`,
      variables: { input: { ...input, description: "x".repeat(5 * 1024 * 1024) } },
    });
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
    const r = await post(JSON.stringify({ query: `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`, variables: { input } }), {
      "content-type": "text/plain",
    });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/Cross-Site Request Forgery/);
    expect(await cases()).toBe(before);
  });

  it("a NUL character anywhere in a request is VALIDATION, over HTTP and graphql-ws, and nothing runs", async () => {
    const before = await cases();
    const r = await gql(
      ts.app.url,
      `mutation($input: RecordComplaintInput!) { ${RECORD("a")} }`,
      { input: { ...input, title: "a\u0000b" } },
      city.tokens.instansi,
    );
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
      const res = await fetch(ts.app.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: wrong }),
      });
      results.push({
        status: res.status,
        retryAfter: res.headers.get("retry-after"),
        code: ((await res.json()) as any).errors[0].extensions.code,
      });
    }
    expect(results.slice(0, 10).every((r) => r.code === "UNAUTHENTICATED")).toBe(true);
    expect(results.slice(10).every((r) => r.code === "RATE_LIMITED" && r.status === 429 && Number(r.retryAfter) > 0)).toBe(true);
    await expect(login(ts.app.url, "adminb")).rejects.toThrow(/RATE_LIMITED/);
    ts.clock.advanceHours(1);
    expect(await login(ts.app.url, "adminb")).toMatch(/^ey/);
  });

  it("caps graphql-ws: 20 connections per sign-in (the 21st closes with 4429), 25 operations per connection", async () => {
    const open = (token: string) =>
      new Promise<{ socket: WebSocket; closed: Promise<number> }>((resolve, reject) => {
        const socket = new WebSocket(ts.app.wsUrl, "graphql-transport-ws");
        const closed = new Promise<number>((r) => socket.on("close", (code) => r(code)));
        socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
        socket.on("message", (m) => JSON.parse(String(m)).type === "connection_ack" && resolve({ socket, closed }));
        socket.on("error", reject);
        void closed.then(() => resolve({ socket, closed }));
      });
    const sockets = [];
    for (let i = 0; i < 20; i++) sockets.push(await open(city.tokens.liaisonB));
    expect(sockets.every((s) => s.socket.readyState === WebSocket.OPEN)).toBe(true);
    const extra = await open(city.tokens.liaisonB);
    expect(await extra.closed).toBe(4429);
    const other = await open(city.tokens.adminB);
    expect(other.socket.readyState).toBe(WebSocket.OPEN);

    const replies: { id: string; type: string; payload?: any }[] = [];
    sockets[0].socket.on("message", (m) => replies.push(JSON.parse(String(m))));
    for (let i = 0; i < 26; i++)
      sockets[0].socket.send(
        JSON.stringify({ id: `s${i}`, type: "subscribe", payload: { query: "subscription { caseChanged { caseId } }" } }),
      );
    await expect.poll(() => replies.find((r) => r.id === "s25")).toBeTruthy();
    expect(replies.filter((r) => r.type === "error").map((r) => [r.id, r.payload[0].extensions.code])).toEqual([["s25", "RATE_LIMITED"]]);

    sockets[1].socket.close();
    await sockets[1].closed;
    const again = await open(city.tokens.liaisonB);
    expect(again.socket.readyState).toBe(WebSocket.OPEN);
    for (const s of [...sockets, again, other]) s.socket.close();
  });
});

describe("request rate per address and per token", () => {
  it("answers 429 RATE_LIMITED with Retry-After once a bucket is empty, and refills with time", async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: "30" } });
    try {
      const town = await setupCity(limited);
      const from = (localAddress: string, token: string) =>
        new Promise<{ status: number; retryAfter?: string; code?: string }>((resolve, reject) => {
          const url = new URL(limited.app.url);
          const req = request(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: "POST",
              localAddress,
              headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            },
            (res) => {
              let text = "";
              res.on("data", (c) => (text += c));
              res.on("end", () =>
                resolve({
                  status: res.statusCode!,
                  retryAfter: res.headers["retry-after"] as string | undefined,
                  code: JSON.parse(text).errors?.[0]?.extensions?.code,
                }),
              );
            },
          );
          req.on("error", reject);
          req.end(JSON.stringify({ query: "{ me { username } }" }));
        });
      const burst = [];
      for (let i = 0; i < 31; i++) burst.push(await from("127.0.0.3", town.tokens.adminA));
      expect(burst.slice(0, 30).every((r) => r.status === 200)).toBe(true);
      expect(burst[30]).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      expect(Number(burst[30].retryAfter)).toBeGreaterThan(0);
      expect((await from("127.0.0.4", town.tokens.adminA)).status).toBe(429);
      expect((await from("127.0.0.4", town.tokens.adminB)).status).toBe(200);
      limited.clock.advanceHours(1 / 60);
      expect((await from("127.0.0.3", town.tokens.adminA)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
