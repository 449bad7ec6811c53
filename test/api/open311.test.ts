import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let submitKey: string;
let submitTokenId: string;
let readKey: string;
let readTokenId: string;
/** Every Open311 body the tests received: none may hold a complainant's identity. */
const seen: string[] = [];

const CREATE_TOKEN = `mutation($label: String!, $scopes: [ApiScope!]!) {
  createApiToken(label: $label, role: ADMIN_INSTANSI, scopes: $scopes, days: 30) { token apiToken { id } } }`;
const CASE = `query($id: ID!) { case(id: $id) { id version channel anonymous confidential location complainant { name contact } events { action inputs } } }`;
const USES = `query($id: ID!) { apiTokenUses(tokenId: $id, first: 50) { edges { node { operationType rootFields allowed } } } }`;
const IDENTITIES = [
  "Siti Aminah",
  "0812-0000-1111",
  "Rahmat Hidayat",
  "rahmat@example.id",
  "0813-5555-7777",
  "Dewi Lestari",
  "dewi@example.id",
];

const url = (path: string) => new URL(path, ts.app.url).toString();

async function call(path: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url(path), init);
  const text = await res.text();
  seen.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const get = (path: string) => call(path);
const postForm = (fields: Record<string, string>, query = "") =>
  call(`/open311/v2/requests.json${query}`, { method: "POST", body: new URLSearchParams(fields) });
const postJson = (body: unknown) =>
  call("/open311/v2/requests.json", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function one(id: string) {
  const r = await get(`/open311/v2/requests/${id}.json`);
  expect(r.status).toBe(200);
  expect(r.body).toHaveLength(1);
  return r.body[0];
}

async function caseIdOf(trackingNumber: string): Promise<string> {
  return (await ts.app.dataSource.query(`SELECT id FROM complaint_case WHERE tracking_number = $1`, [trackingNumber]))[0].id;
}

async function openDueAt(trackingNumber: string): Promise<number> {
  const [row] = await ts.app.dataSource.query(
    `SELECT v.due_at FROM stage_visit v JOIN complaint_case c ON c.id = v.case_id WHERE c.tracking_number = $1 AND v.done_at IS NULL`,
    [trackingNumber],
  );
  return Math.floor(new Date(row.due_at).getTime() / 1000) * 1000;
}

async function token(label: string, scopes: string[]) {
  return (await ok(ts.app.url, CREATE_TOKEN, { label, scopes }, city.tokens.instansi)).createApiToken as {
    token: string;
    apiToken: { id: string };
  };
}

const VALID = {
  service_code: "UMKM",
  description: "Bantuan modal usaha untuk warung kami belum cair sejak Agustus.\nSudah dua kali ditanyakan ke kelurahan.",
  lat: "-0.502106",
  long: "117.153709",
  address_string: "Jl. Pangeran Suryanata, Air Putih",
  first_name: "Rahmat",
  last_name: "Hidayat",
  email: "rahmat@example.id",
  phone: "0813-5555-7777",
};

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  const submit = await token("Aplikasi Lapor Samarinda", ["OPEN311_SUBMIT"]);
  submitKey = submit.token;
  submitTokenId = submit.apiToken.id;
  const read = await token("Dasbor", ["CASES_READ"]);
  readKey = read.token;
  readTokenId = read.apiToken.id;
});
afterAll(() => ts?.stop());

describe("Open311 GeoReport v2", () => {
  it("services.json: one service per complaint category, in Indonesian", async () => {
    const r = await get("/open311/v2/services.json");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await fetch(url("/open311/v2/requests.json"), {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect([preflight.status, preflight.headers.get("access-control-allow-methods")]).toEqual([204, "GET, POST"]);
    expect(r.body.map((s: { service_code: string }) => s.service_code)).toEqual([
      "Umum",
      "UMKM",
      "Koperasi",
      "Perindustrian",
      "Pelayanan",
      "Pungutan",
    ]);
    expect(r.body[1]).toEqual({
      service_code: "UMKM",
      service_name: "Usaha Mikro, Kecil dan Menengah",
      description: expect.stringContaining("usaha mikro"),
      metadata: false,
      type: "realtime",
      keywords: "umkm,usaha kecil,bantuan modal,pelatihan",
      group: "Usaha dan Industri",
    });
  });

  it("POST (form-encoded, api_key with OPEN311_SUBMIT) files a complaint through the portal's path; it reads back by id and in the list", async () => {
    const posted = await postForm({ ...VALID, api_key: submitKey });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual([
      {
        service_request_id: expect.stringMatching(/^ADU-\d{4}-\d{6}$/),
        service_notice: expect.stringContaining("Langkah 1 (Admin Instansi)"),
        account_id: null,
        access_code: expect.any(String),
      },
    ]);
    const [{ service_request_id: id, access_code: code }] = posted.body;

    const c = (await ok(ts.app.url, CASE, { id: await caseIdOf(id) }, city.tokens.instansi)).case;
    expect(c).toMatchObject({
      channel: "OPEN311",
      anonymous: false,
      confidential: false,
      location: "Jl. Pangeran Suryanata, Air Putih (-0.502106, 117.153709)",
      complainant: { name: "Rahmat Hidayat", contact: "rahmat@example.id / 0813-5555-7777" },
    });
    expect(c.events[0]).toMatchObject({
      action: "SUBMIT",
      inputs: { channel: "OPEN311", apiTokenId: submitTokenId, apiTokenLabel: "Aplikasi Lapor Samarinda" },
    });
    const portal = (await ok(ts.app.url, Q.publicCase, { tn: id, code })).caseByTracking;
    expect(portal).toMatchObject({
      trackingNumber: id,
      stage: "DISPOSITION",
      title: "Bantuan modal usaha untuk warung kami belum cair sejak Agustus.",
    });

    const request = await one(id);
    expect(request).toEqual({
      service_request_id: id,
      status: "open",
      status_notes: "Langkah 1 dari 5, Admin Instansi: Menyampaikan Pengaduan kepada Admin OPD",
      service_name: "Usaha Mikro, Kecil dan Menengah",
      service_code: "UMKM",
      description: VALID.description,
      agency_responsible: "Admin Instansi Pemerintah Kota Samarinda",
      service_notice: null,
      requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      updated_datetime: expect.stringMatching(/\+08:00$/),
      expected_datetime: expect.stringMatching(/\+08:00$/),
      address: "Jl. Pangeran Suryanata, Air Putih",
      lat: -0.502106,
      long: 117.153709,
      address_id: null,
      zipcode: null,
      media_url: null,
    });
    expect(Date.parse(request.expected_datetime)).toBe(await openDueAt(id));
    expect(Math.abs(Date.parse(request.requested_datetime) - ts.clock.now().getTime())).toBeLessThan(60_000);

    const list = await get("/open311/v2/requests.json");
    expect(list.status).toBe(200);
    expect(list.body.find((r: { service_request_id: string }) => r.service_request_id === id)).toEqual(request);
  });

  it("follows the SOP: the OPD, the step and its deadline, then closed with how it closed", async () => {
    const [{ service_request_id: id, access_code: code }] = (await postJson({ ...VALID, service_code: "Koperasi", api_key: submitKey }))
      .body;
    const caseId = await caseIdOf(id);
    const first = await one(id);

    let x = (await ok(ts.app.url, CASE, { id: caseId }, city.tokens.instansi)).case;
    x = (await ok(ts.app.url, Q.forward, { id: caseId, v: x.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
    const forwarded = await one(id);
    expect(forwarded).toMatchObject({
      status: "open",
      agency_responsible: city.opdA.name,
      status_notes:
        "Langkah 2 dari 5, Admin OPD: Menerima dan menindaklanjuti / memberikan tanggapan awal serta melaporkan kepada pejabat penghubung",
    });
    expect(Date.parse(forwarded.expected_datetime)).toBe(await openDueAt(id));
    expect(forwarded.expected_datetime).not.toBe(first.expected_datetime);
    expect(Date.parse(forwarded.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(first.updated_datetime));

    ts.clock.advanceHours(1);
    x = (await ok(ts.app.url, Q.acknowledge, { id: caseId, v: x.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA))
      .acknowledgeComplaint;
    expect((await one(id)).status_notes).toMatch(/^Langkah 3 dari 5, Pejabat Penghubung: Menganalisa pengaduan/);
    x = (
      await ok(
        ts.app.url,
        Q.answer,
        { id: caseId, v: x.version, an: "A", ans: "Dana cair pekan depan", who: "Kabid" },
        city.tokens.liaisonA,
      )
    ).submitAnswer;
    x = (await ok(ts.app.url, Q.deliver, { id: caseId, v: x.version }, city.tokens.adminA)).deliverAnswer;
    expect((await one(id)).status_notes).toBe("Langkah 5 dari 5, Pengadu: Menerima hasil tindak lanjut pengaduan melalui aplikasi");

    await ok(ts.app.url, Q.accept, { tn: id, code, v: x.version, rating: 5 });
    const closed = await one(id);
    expect(closed).toMatchObject({
      status: "closed",
      status_notes: "Selesai: jawaban diterima oleh Pengadu",
      agency_responsible: city.opdA.name,
      expected_datetime: null,
      requested_datetime: first.requested_datetime,
    });
    expect(Date.parse(closed.updated_datetime)).toBeGreaterThan(Date.parse(first.updated_datetime));

    const closedList = await get("/open311/v2/requests.json?status=closed&service_code=Koperasi");
    expect(closedList.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
    const openList = await get("/open311/v2/requests.json?status=open");
    expect(openList.body.every((r: { status: string }) => r.status === "open")).toBe(true);
    expect(openList.body.some((r: { service_request_id: string }) => r.service_request_id === id)).toBe(false);
  });

  it("rejected and transferred cases say how they closed, never the staff's reason", async () => {
    const reject = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint;
    await ok(
      ts.app.url,
      Q.reject,
      { id: reject.case.id, v: reject.case.version, reason: "Duplikat laporan Ibu Siti Aminah" },
      city.tokens.instansi,
    );
    expect(await one(reject.trackingNumber)).toMatchObject({
      status: "closed",
      status_notes: "Ditolak oleh Admin Instansi",
      expected_datetime: null,
    });

    const transfer = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint;
    await ok(
      ts.app.url,
      Q.transfer,
      { id: transfer.case.id, v: transfer.case.version, reason: "Kewenangan provinsi", dest: "Dinas Koperasi Provinsi Kalimantan Timur" },
      city.tokens.instansi,
    );
    expect((await one(transfer.trackingNumber)).status_notes).toBe(
      "Dialihkan oleh Admin Instansi ke Dinas Koperasi Provinsi Kalimantan Timur",
    );
  });

  it("a confidential case shows no description, address or position; an anonymous one records no identity", async () => {
    const recorded = (
      await ok(
        ts.app.url,
        Q.record,
        { input: { ...complaint({ confidential: true, location: "Rumah pengadu, Jl. Juanda 7" }), channel: "WALK_IN" } },
        city.tokens.instansi,
      )
    ).recordComplaint;
    const viaRecord = await one(recorded.trackingNumber);
    expect(viaRecord).not.toHaveProperty("description");
    expect(viaRecord).not.toHaveProperty("address");
    expect(viaRecord).not.toHaveProperty("lat");
    expect(viaRecord).not.toHaveProperty("long");
    expect(viaRecord).toMatchObject({ status: "open", service_code: "UMKM" });

    const posted = await postForm({
      ...VALID,
      first_name: "Dewi",
      last_name: "Lestari",
      email: "dewi@example.id",
      phone: "",
      confidential: "true",
      api_key: submitKey,
    });
    const viaApp = await one(posted.body[0].service_request_id);
    expect(Object.keys(viaApp)).not.toEqual(expect.arrayContaining(["description"]));
    expect(viaApp.lat).toBeUndefined();
    const c = (await ok(ts.app.url, CASE, { id: await caseIdOf(viaApp.service_request_id) }, city.tokens.instansi)).case;
    expect(c).toMatchObject({ confidential: true, complainant: { name: "Dewi Lestari", contact: "dewi@example.id" } });

    const anonymous = await postForm({
      service_code: "Pungutan",
      description: "Ada pungutan di luar ketentuan saat mengurus izin.",
      api_key: submitKey,
    });
    expect(anonymous.status).toBe(200);
    const a = (await ok(ts.app.url, CASE, { id: await caseIdOf(anonymous.body[0].service_request_id) }, city.tokens.instansi)).case;
    expect(a).toMatchObject({ anonymous: true, complainant: null, location: null });
    expect(await one(anonymous.body[0].service_request_id)).toMatchObject({
      address: null,
      lat: null,
      long: null,
      description: "Ada pungutan di luar ketentuan saat mengurus izin.",
    });
  });

  it("POST refuses without a key (401), with a key lacking the scope or revoked (403), and bad input (400), recording nothing", async () => {
    const count = async () => (await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM complaint_case`))[0].n as number;
    const before = await count();
    const refusal = (r: { status: number; body: any }) => [r.status, r.body[0].code, typeof r.body[0].description];

    expect(refusal(await postForm(VALID))).toEqual([401, 401, "string"]);
    expect(refusal(await postForm({ ...VALID, api_key: readKey }))).toEqual([403, 403, "string"]);
    expect((await postForm({ ...VALID, api_key: readKey })).body[0].description).toContain("OPEN311_SUBMIT");
    expect(refusal(await postForm({ ...VALID, api_key: "desk_not_a_token" }))).toEqual([403, 403, "string"]);
    expect(refusal(await postForm({ ...VALID, api_key: city.tokens.instansi }))).toEqual([403, 403, "string"]);
    const revoked = await token("Aplikasi lama", ["OPEN311_SUBMIT"]);
    await ok(ts.app.url, `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: revoked.apiToken.id }, city.tokens.instansi);
    expect(refusal(await postForm(VALID, `?api_key=${encodeURIComponent(revoked.token)}`))).toEqual([403, 403, "string"]);

    const bad = async (fields: Record<string, string>) => {
      const r = await postForm({ ...VALID, ...fields, api_key: submitKey });
      expect(refusal(r)).toEqual([400, 400, "string"]);
      return r.body[0].description as string;
    };
    expect(await bad({ service_code: "Jalan" })).toContain("service_code");
    expect(await bad({ service_code: "" })).toContain("service_code");
    expect(await bad({ description: "" })).toContain("description");
    expect(await bad({ description: "Rusak." })).toContain("at least 10");
    expect(await bad({ description: "x".repeat(4_001) })).toContain("4000");
    expect(await bad({ long: "" })).toContain("lat and long");
    expect(await bad({ lat: "north" })).toContain("lat");
    expect(await bad({ email: "bukan-email" })).toContain("email");
    expect(await bad({ confidential: "maybe" })).toContain("confidential");
    expect(await bad({ first_name: "", last_name: "", email: "", phone: "", confidential: "true" })).toContain("anonymous");
    const broken = await call("/open311/v2/requests.json", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(refusal(broken)).toEqual([400, 400, "string"]);
    const uses = async (id: string) =>
      (await ok(ts.app.url, USES, { id }, city.tokens.instansi)).apiTokenUses.edges.map((e: any) => e.node);
    const post = { operationType: "http", rootFields: ["/open311/v2/requests.json"] };
    expect(await uses(readTokenId)).toContainEqual({ ...post, allowed: false });
    expect(await uses(submitTokenId)).toContainEqual({ ...post, allowed: true });
    expect(await errorCode(ts.app.url, Q.record, { input: { ...complaint(), channel: "OPEN311" } }, city.tokens.instansi)).toBe(
      "VALIDATION",
    );
    expect(await count()).toBe(before);
  });

  it("GET filters, pages and refusals", async () => {
    const all = (await get("/open311/v2/requests.json")).body as { service_request_id: string; requested_datetime: string }[];
    expect(all.length).toBeGreaterThanOrEqual(7);
    const times = all.map((r) => Date.parse(r.requested_datetime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const two = all.slice(0, 2).map((r) => r.service_request_id);
    const byIds = await get(
      `/open311/v2/requests.json?service_request_id=${two.join(",")}&status=closed&start_date=2000-01-01T00:00:00Z&end_date=2000-01-02T00:00:00Z`,
    );
    expect(byIds.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(two);

    const first = await get("/open311/v2/requests.json?page_size=3");
    expect(first.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(
      all.slice(0, 3).map((r) => r.service_request_id),
    );
    expect(first.headers.get("link")).toBe('</open311/v2/requests.json?page_size=3&page=2>; rel="next"');
    const second = await get("/open311/v2/requests.json?page_size=3&page=2");
    expect(second.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(
      all.slice(3, 6).map((r) => r.service_request_id),
    );
    const last = await get(`/open311/v2/requests.json?page_size=${all.length}`);
    expect(last.headers.get("link")).toBeNull();

    const now = ts.clock.now().getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect((await get(`/open311/v2/requests.json?end_date=${iso(now - 86_400_000)}`)).body).toEqual([]);
    expect((await get(`/open311/v2/requests.json?start_date=${iso(now - 86_400_000)}`)).body).toHaveLength(all.length);
    const future = (await get(`/open311/v2/requests.json?start_date=${iso(now + 7 * 86_400_000)}`)).body;
    expect(future).toEqual([]);

    const refused = async (path: string, status: number) => {
      const r = await get(path);
      expect([r.status, r.body[0].code]).toEqual([status, status]);
      return r.body[0].description as string;
    };
    expect(await refused("/open311/v2/requests.json?start_date=yesterday", 400)).toContain("start_date");
    expect(await refused("/open311/v2/requests.json?end_date=2026-11-23", 400)).toContain("time zone");
    expect(await refused(`/open311/v2/requests.json?start_date=${iso(now)}&end_date=${iso(now - 1000)}`, 400)).toContain("after end_date");
    expect(await refused("/open311/v2/requests.json?status=pending", 400)).toContain("status");
    expect(await refused("/open311/v2/requests.json?page_size=1001", 400)).toContain("page_size");
    expect(await refused("/open311/v2/requests.json?service_request_id=%00", 400)).toContain("NUL");
    expect(await refused("/open311/v2/requests.json?service_code=UMKM,%00", 400)).toContain("NUL");
    expect(await refused("/open311/v2/requests/ADU-2026-999999.json", 404)).toContain("ADU-2026-999999");
    expect(await refused("/open311/v2/services.xml", 400)).toContain("JSON");
    expect(await refused("/open311/v2/requests.xml", 400)).toContain("JSON");
    expect(await refused(`/open311/v2/requests/${two[0]}.xml`, 400)).toContain("JSON");
    expect(await refused("/open311/v2/discovery.json", 404)).toContain("Open311");
  });

  it("no Open311 answer ever held a complainant's name or contact", () => {
    expect(seen.length).toBeGreaterThan(30);
    for (const body of seen) for (const identity of IDENTITIES) expect(body).not.toContain(identity);
  });
});
