import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, ok, subscribe } from "../support/client.js";
import { complaint, PASSWORD, Q, setupCity, signInAll, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

/**
 * Every root field of schema.graphql × every kind of caller, against the matrix in docs/api.md
 * ("Who may do what", between the authz-matrix markers).
 * Arguments are generated from the schema and aimed at a case and an OPD of OPD A, with a stale
 * expectedVersion, so an allowed SOP action answers VERSION_CONFLICT and nothing moves.
 * "yes": got past authorisation (data, or any other error such as NOT_FOUND or VALIDATION);
 * "no": FORBIDDEN; "–": UNAUTHENTICATED.
 * AUTHZ_MATRIX_PRINT=<file> writes the matrix the server gave, to paste between the markers.
 */
const MATRIX_PAGE = new URL("../../docs/api.md", import.meta.url);
const START = "<!-- authz-matrix:start -->";
const END = "<!-- authz-matrix:end -->";

type Caller = { key: string; token: () => string | undefined; note: string };
type Verdict = "yes" | "no" | "–";

let ts: TestServer;
let city: City;
let caseA: { id: string; trackingNumber: string };
let confidentialA: { id: string };
const tokens: Record<string, string> = {};
/** What the revoke, attachment and template fields aim at: a display token, an API token, an attachment and an answer template of OPD A. */
const targets: Record<"displayToken" | "apiToken" | "attachment" | "template", string> = {
  displayToken: "",
  apiToken: "",
  attachment: "",
  template: "",
};
let serial = 0;

const CALLERS: Caller[] = [
  { key: "anon", token: () => undefined, note: "no token" },
  { key: "SU", token: () => city.tokens.superuser, note: "superuser" },
  { key: "AI", token: () => city.tokens.instansi, note: "Admin Instansi" },
  { key: "AO", token: () => city.tokens.adminA, note: "Admin OPD, own OPD" },
  { key: "AO′", token: () => city.tokens.adminB, note: "Admin OPD, other OPD" },
  { key: "PP", token: () => city.tokens.liaisonA, note: "Pejabat Penghubung, own OPD" },
  { key: "PP′", token: () => city.tokens.liaisonB, note: "Pejabat Penghubung, other OPD" },
  { key: "OF", token: () => city.tokens.officerA, note: "officer, own OPD" },
  { key: "DSP", token: () => tokens.display, note: "display token of the own OPD" },
  { key: "T:read", token: () => tokens.read, note: "API token, LIAISON of the own OPD, CASES_READ" },
  { key: "T:sla", token: () => tokens.sla, note: "API token, ADMIN_INSTANSI, SLA_READ" },
  { key: "T:act", token: () => tokens.act, note: "API token, ADMIN_OPD of the own OPD, ACT + CASES_READ" },
  { key: "T:act′", token: () => tokens.actOther, note: "API token, ADMIN_OPD of the other OPD, ACT + CASES_READ" },
  { key: "T:city", token: () => tokens.city, note: "API token, ADMIN_INSTANSI, ACT + CASES_READ" },
  { key: "T:311", token: () => tokens.open311, note: "API token, ADMIN_INSTANSI, OPEN311_SUBMIT" },
];

const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));

/** A value for an argument that passes validation, aimed at OPD A and its case. */
function valueFor(name: string, type: GraphQLInputType, field: string): unknown {
  if (isNonNullType(type)) return valueFor(name, type.ofType, field);
  if (isListType(type)) return [valueFor(name, type.ofType, field)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, valueFor(f.name, f.type, field)]));
  }
  serial += 1;
  if (name === "expectedVersion") return 999_999;
  if (name === "caseId" || (name === "id" && field === "case")) return caseA.id;
  if (name === "id" && field === "revokeDisplayToken") return targets.displayToken;
  if (name === "id" && field === "revokeApiToken") return targets.apiToken;
  if (name === "id" && field === "setAttachmentPublic") return targets.attachment;
  if (name === "templateId") return targets.template;
  if (field === "login") return name === "username" ? "instansi" : PASSWORD;
  if (name === "opdId") return city.opdA.id;
  if (name === "trackingNumber") return caseA.trackingNumber;
  if (name === "accessCode") return "SALAH-SALAH-9";
  if (name === "code") return `M${serial}`;
  if (name === "username") return `matriks${serial}`;
  if (name === "date") return `2031-01-${String((serial % 28) + 1).padStart(2, "0")}`;
  const scalar = isScalarType(type) ? type.name : "String";
  if (scalar === "ID") return randomUUID();
  if (scalar === "Int") return 1;
  if (scalar === "Float") return 1;
  if (scalar === "Boolean") return true;
  if (scalar === "DateTimeISO") return new Date(Date.UTC(2026, 10, 1 + (serial % 20))).toISOString();
  return `Uji matriks akses nomor ${serial}`;
}

function operationFor(kind: "query" | "mutation" | "subscription", field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => (isNonNullType(a.type) ? a.defaultValue === undefined : a.name === "opdId"));
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const passed = args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isUnionType(named) ? " { __typename }" : "";
  return {
    query: `${kind}${declared ? `(${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection} }`,
    variables: () => Object.fromEntries(args.map((a) => [a.name, valueFor(a.name, a.type, field.name)])),
  };
}

const verdictOf = (code: unknown): Verdict => (code === "FORBIDDEN" ? "no" : code === "UNAUTHENTICATED" ? "–" : "yes");

async function verdict(
  kind: "query" | "mutation" | "subscription",
  field: GraphQLField<unknown, unknown>,
  caller: Caller,
): Promise<Verdict> {
  const op = operationFor(kind, field);
  if (kind !== "subscription") {
    const r = await gql(ts.app.url, op.query, op.variables(), caller.token());
    return verdictOf(r.errors?.[0]?.extensions?.code);
  }
  const sub = await subscribe(ts.app.wsUrl, op.query, caller.token(), op.variables());
  await sub.waitFor(() => sub.errors.length > 0 || sub.events.length > 0, 3_000).catch(() => undefined);
  await sub.close();
  const error = sub.errors[0] as { extensions?: { code?: string }; code?: number } | undefined;
  if (error?.code === 4403) return "–";
  return error ? verdictOf(error.extensions?.code) : "yes";
}

function rootFields(): { kind: "query" | "mutation" | "subscription"; field: GraphQLField<unknown, unknown> }[] {
  const roots: ["query" | "mutation" | "subscription", GraphQLObjectType | null | undefined][] = [
    ["query", schema.getQueryType()],
    ["mutation", schema.getMutationType()],
    ["subscription", schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) => Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field })));
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

/** The plain-HTTP routes, each aimed at OPD A like the fields. */
const ROUTES: Record<string, (token: string | undefined) => Promise<Response>> = {
  "GET /exports/cases.csv": (token) => fetch(new URL(`/exports/cases.csv?opdId=${city.opdA.id}`, ts.app.url), { headers: bearer(token) }),
  "GET /exports/admin-trail.csv": (token) =>
    fetch(new URL("/exports/admin-trail.csv?subjectType=OPD", ts.app.url), { headers: bearer(token) }),
  "GET /reports/compliance.csv": (token) =>
    fetch(
      new URL(`/reports/compliance.csv?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=STEP&opdId=${city.opdA.id}`, ts.app.url),
      { headers: bearer(token) },
    ),
  "POST /cases/{id}/attachments": (token) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(PNG)]), "foto.png");
    return fetch(new URL(`/cases/${caseA.id}/attachments`, ts.app.url), { method: "POST", body: form, headers: bearer(token) });
  },
  "GET /attachments/{id}": (token) => fetch(new URL(`/attachments/${targets.attachment}`, ts.app.url), { headers: bearer(token) }),
  "POST /open311/v2/requests.json": (token) =>
    fetch(new URL("/open311/v2/requests.json", ts.app.url), {
      method: "POST",
      body: new URLSearchParams({ api_key: token ?? "", service_code: "UMKM", description: "Uji matriks akses lewat Open311" }),
    }),
};

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

function route(name: string, token: string | undefined): Promise<Response> {
  return ROUTES[name](token);
}

async function routeVerdict(name: string, caller: Caller): Promise<Verdict> {
  const res = await route(name, caller.token());
  const body = await res.text();
  if (![200, 201, 401, 403].includes(res.status)) throw new Error(`${name} as ${caller.key}: ${res.status} ${body}`);
  return res.status === 401 ? "–" : res.status === 403 ? "no" : "yes";
}

function documentedMatrix(): Map<string, string[]> {
  const text = readFileSync(MATRIX_PAGE, "utf8");
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) return new Map();
  const rows = text
    .slice(from + START.length, to)
    .split("\n")
    .filter((l) => l.startsWith("| `"));
  return new Map(
    rows
      .map((r) =>
        r
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim()),
      )
      .map(([name, ...cells]) => [name.replaceAll("`", ""), cells]),
  );
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  const url = ts.app.url;
  const recorded = (await ok(url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint;
  await ok(url, Q.forward, { id: recorded.case.id, v: recorded.case.version, opd: city.opdA.id }, city.tokens.instansi);
  caseA = { id: recorded.case.id, trackingNumber: recorded.trackingNumber };
  const secret = (
    await ok(
      url,
      Q.record,
      { input: { ...complaint({ confidential: true, complainantName: "Rahasia Sekali" }), channel: "MPP" } },
      city.tokens.instansi,
    )
  ).recordComplaint;
  await ok(url, Q.forward, { id: secret.case.id, v: secret.case.version, opd: city.opdA.id }, city.tokens.instansi);
  confidentialA = { id: secret.case.id };
  tokens.display = (
    await ok(url, `mutation($o: ID) { createDisplayToken(label: "Lobi", opdId: $o) { token } }`, { o: city.opdA.id }, city.tokens.instansi)
  ).createDisplayToken.token;
  const api = async (role: string, opd: string | null, scopes: string[]) =>
    (
      await ok(
        url,
        `mutation($r: Role!, $o: ID, $s: [ApiScope!]!) { createApiToken(label: "Klien", role: $r, opdId: $o, scopes: $s) { token } }`,
        { r: role, o: opd, s: scopes },
        city.tokens.instansi,
      )
    ).createApiToken.token as string;
  tokens.read = await api("LIAISON", city.opdA.id, ["CASES_READ"]);
  tokens.sla = await api("ADMIN_INSTANSI", null, ["SLA_READ"]);
  tokens.act = await api("ADMIN_OPD", city.opdA.id, ["ACT", "CASES_READ"]);
  tokens.actOther = await api("ADMIN_OPD", city.opdB.id, ["ACT", "CASES_READ"]);
  tokens.city = await api("ADMIN_INSTANSI", null, ["ACT", "CASES_READ"]);
  tokens.open311 = await api("ADMIN_INSTANSI", null, ["OPEN311_SUBMIT"]);
  targets.displayToken = (
    await ok(
      url,
      `mutation($o: ID) { createDisplayToken(label: "Sasaran", opdId: $o) { displayToken { id } } }`,
      { o: city.opdA.id },
      city.tokens.instansi,
    )
  ).createDisplayToken.displayToken.id;
  targets.apiToken = (
    await ok(
      url,
      `mutation { createApiToken(label: "Sasaran", role: ADMIN_INSTANSI, scopes: [SLA_READ]) { apiToken { id } } }`,
      {},
      city.tokens.instansi,
    )
  ).createApiToken.apiToken.id;
  const attached = await route("POST /cases/{id}/attachments", city.tokens.adminA);
  targets.attachment = (await attached.json()).attachment.id;
  targets.template = (
    await ok(
      url,
      `mutation($o: ID) { createAnswerTemplate(opdId: $o, name: "Sasaran", use: INITIAL_RESPONSE, body: "Nomor {nomor}") { id } }`,
      { o: city.opdA.id },
      city.tokens.adminA,
    )
  ).createAnswerTemplate.id;
}, 120_000);
afterAll(() => ts?.stop());

describe("authorisation matrix", () => {
  it("every root field × every caller answers as the matrix in docs/api.md says", async () => {
    const observed = new Map<string, Verdict[]>();
    for (const { kind, field } of rootFields()) {
      const row: Verdict[] = [];
      for (const caller of CALLERS) row.push(await verdict(kind, field, caller));
      // signOut ends each caller's session: sign them in again for the fields after it.
      if (field.name === "signOut") await signInAll(ts.app.url, city);
      observed.set(field.name, row);
    }
    for (const name of Object.keys(ROUTES)) {
      const row: Verdict[] = [];
      for (const caller of CALLERS) row.push(await routeVerdict(name, caller));
      observed.set(name, row);
    }
    if (process.env.AUTHZ_MATRIX_PRINT) {
      const header = `| field | ${CALLERS.map((c) => c.key).join(" | ")} |\n|---|${CALLERS.map(() => ":-:").join("|")}|\n`;
      const body = [...observed].map(([name, row]) => `| \`${name}\` | ${row.join(" | ")} |`).join("\n");
      writeFileSync(process.env.AUTHZ_MATRIX_PRINT, `${header}${body}\n\n${CALLERS.map((c) => `**${c.key}**: ${c.note}`).join("; ")}.\n`);
    }
    const expected = documentedMatrix();
    expect([...expected.keys()].sort()).toEqual([...observed.keys()].sort());
    const differences = [...observed].flatMap(([name, row]) =>
      row.flatMap((v, i) =>
        expected.get(name)?.[i] === v ? [] : [`${name} × ${CALLERS[i].key}: docs/api.md says ${expected.get(name)?.[i]}, server says ${v}`],
      ),
    );
    expect(differences).toEqual([]);
  }, 600_000);

  it("no caller but the Admin Instansi reads a confidential complainant, through case, cases or board", async () => {
    const seen: string[] = [];
    for (const caller of CALLERS) {
      const r = await gql(
        ts.app.url,
        `query($id: ID!) { case(id: $id) { complainant { name } } }`,
        { id: confidentialA.id },
        caller.token(),
      );
      const list = await gql(
        ts.app.url,
        `{ cases(first: 50) { edges { node { complainant { name } } } } board { columns { cards { complainant { name } } } } }`,
        {},
        caller.token(),
      );
      if (JSON.stringify([r.data, list.data]).includes("Rahasia Sekali")) seen.push(caller.key);
    }
    expect(seen).toEqual(["AI"]);
  });
});
