import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let files: string;
let c: { id: string; tn: string; code: string };

const MAX_BYTES = Math.round(0.05 * 1024 * 1024);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const pdf = (size = 4_000) => Buffer.concat([Buffer.from("%PDF-1.7\n% surat pengaduan\n"), Buffer.alloc(size, 0x41)]);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);

interface Sent {
  status: number;
  body: { attachment?: Record<string, any>; error?: { code: string; message: string } };
}

async function upload(
  path: string,
  name: string,
  bytes: Buffer,
  headers: Record<string, string>,
  fields: Record<string, string> = {},
): Promise<Sent> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(new URL(path, ts.app.url), { method: "POST", body: form, headers });
  return { status: res.status, body: await res.json() };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const staffUpload = (token: string, name: string, bytes: Buffer, fields: Record<string, string> = {}, caseId = c.id) =>
  upload(`/cases/${caseId}/attachments`, name, bytes, bearer(token), fields);
const portalHeaders = (code = c.code) => ({ "x-tracking-number": c.tn, "x-access-code": code });

const rows = () => ts.app.dataSource.query(`SELECT id, file_name, sha256, public FROM attachment ORDER BY uploaded_at, id`);
const stored = (): string[] =>
  readdirSync(files, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();

const ATTACHMENTS = `query($id: ID!) { case(id: $id) { attachments { id fileName mediaType sizeBytes sha256 public stage uploadedBy uploadedByRole } } }`;
const PUBLIC = `query($tn: String!, $code: String!) { caseByTracking(trackingNumber: $tn, accessCode: $code) { attachments { id fileName sha256 } } }`;
const SET_PUBLIC = `mutation($id: ID!, $p: Boolean!) { setAttachmentPublic(id: $id, public: $p) { id public } }`;

beforeAll(async () => {
  ts = await startTestServer({ env: { ATTACHMENT_MAX_MB: "0.05" } });
  files = join(ts.app.services.attachments["store" as never]["dir" as never] as string);
  city = await setupCity(ts);
  const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LETTER" } }, city.tokens.instansi)).recordComplaint;
  await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd: city.opdA.id }, city.tokens.instansi);
  c = { id: r.case.id, tn: r.trackingNumber, code: r.accessCode };
});
afterAll(() => ts?.stop());

describe("attachments", () => {
  let letter: Record<string, any>;

  it("stores a scanned letter streamed from a multipart upload, with its SHA-256, and serves the same bytes back", async () => {
    const bytes = pdf(20_000);
    const sent = await staffUpload(city.tokens.adminA, "Surat Pengaduan — Siti.pdf", bytes, { public: "false", stage: "INITIAL_RESPONSE" });
    expect([sent.status, sent.body.error]).toEqual([201, undefined]);
    letter = sent.body.attachment!;
    expect(letter).toMatchObject({
      fileName: "Surat Pengaduan — Siti.pdf",
      mediaType: "application/pdf",
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      public: false,
      stage: "INITIAL_RESPONSE",
    });

    const res = await fetch(new URL(`/attachments/${letter.id}`, ts.app.url), { headers: bearer(city.tokens.liaisonA) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent("Surat Pengaduan — Siti.pdf")}`);
    const got = new Uint8Array(await res.arrayBuffer());
    expect(sha256(got)).toBe(res.headers.get("x-content-sha256"));
    expect(sha256(got)).toBe(sha256(bytes));

    const listed = (await ok(ts.app.url, ATTACHMENTS, { id: c.id }, city.tokens.adminA)).case.attachments;
    expect(listed).toEqual(
      [{ ...letter, uploadedAt: undefined, uploadedBy: "User adminA", uploadedByRole: "ADMIN_OPD" }].map(
        ({ uploadedAt: _, ...rest }) => rest,
      ),
    );
  });

  it("refuses an oversized file, a renamed executable, a path for a name, a stray field and a missing file, and keeps nothing", async () => {
    const before = { rows: await rows(), files: stored() };
    const refusals = [
      [await staffUpload(city.tokens.adminA, "besar.pdf", pdf(MAX_BYTES)), 413, "PAYLOAD_TOO_LARGE"],
      [
        await staffUpload(city.tokens.adminA, "surat.pdf", Buffer.concat([Buffer.from("MZ\x90\x00"), Buffer.alloc(3_000, 1)])),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        await staffUpload(city.tokens.adminA, "foto.jpg", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(3_000, 1)])),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        await staffUpload(city.tokens.adminA, "catatan.pdf", Buffer.from("just some text, not a PDF at all")),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [await staffUpload(city.tokens.adminA, "../../../etc/passwd.pdf", pdf()), 400, "VALIDATION"],
      [await staffUpload(city.tokens.adminA, "..\\..\\boot.ini.pdf", pdf()), 400, "VALIDATION"],
      [await staffUpload(city.tokens.adminA, "kosong.pdf", Buffer.alloc(0)), 400, "VALIDATION"],
      [await staffUpload(city.tokens.adminA, "a.pdf", pdf(), { owner: "me" }), 400, "VALIDATION"],
      [await staffUpload(city.tokens.adminA, "a.pdf", pdf(), { stage: "CLOSED" }), 400, "VALIDATION"],
      [await staffUpload(city.tokens.adminA, "a.pdf", pdf(), { public: "yes" }), 400, "VALIDATION"],
    ] as const;
    expect(refusals.map(([sent]) => [sent.status, sent.body.error?.code])).toEqual(refusals.map(([, status, code]) => [status, code]));
    expect(refusals[1][0].body.error!.message).toMatch(/Windows executable/);
    expect(refusals[0][0].body.error!.message).toMatch(/larger than/);

    const empty = await fetch(new URL(`/cases/${c.id}/attachments`, ts.app.url), {
      method: "POST",
      body: new FormData(),
      headers: bearer(city.tokens.adminA),
    });
    expect([empty.status, (await empty.json()).error.code]).toEqual([400, "VALIDATION"]);
    const json = await fetch(new URL(`/cases/${c.id}/attachments`, ts.app.url), {
      method: "POST",
      body: JSON.stringify({ file: "x" }),
      headers: { ...bearer(city.tokens.adminA), "content-type": "application/json" },
    });
    expect([json.status, (await json.json()).error.code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    expect(await rows()).toEqual(before.rows);
    expect(stored()).toEqual(before.files);
  });

  it("lets only those who may see the case upload or download: another OPD gets FORBIDDEN, no token UNAUTHENTICATED", async () => {
    const before = await rows();
    const other = await staffUpload(city.tokens.adminB, "a.pdf", pdf());
    expect([other.status, other.body.error?.code]).toEqual([403, "FORBIDDEN"]);
    const down = await fetch(new URL(`/attachments/${letter.id}`, ts.app.url), { headers: bearer(city.tokens.liaisonB) });
    expect([down.status, (await down.json()).error.code]).toEqual([403, "FORBIDDEN"]);
    const anonymous = await fetch(new URL(`/attachments/${letter.id}`, ts.app.url));
    expect([anonymous.status, (await anonymous.json()).error.code]).toEqual([401, "UNAUTHENTICATED"]);
    const noToken = await upload(`/cases/${c.id}/attachments`, "a.pdf", pdf(), {});
    expect([noToken.status, noToken.body.error?.code]).toEqual([401, "UNAUTHENTICATED"]);
    const city_ = await fetch(new URL(`/attachments/${letter.id}`, ts.app.url), { headers: bearer(city.tokens.instansi) });
    expect(city_.status).toBe(200);
    await city_.arrayBuffer();
    expect(await errorCode(ts.app.url, SET_PUBLIC, { id: letter.id, p: true }, city.tokens.adminB)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, ATTACHMENTS, { id: c.id }, city.tokens.adminB)).toBe("FORBIDDEN");
    expect(await rows()).toEqual(before);
  });

  it("shows the complainant only what is marked public, and takes their own files as public", async () => {
    const portal = async (id: string, code = c.code) =>
      fetch(new URL(`/portal/attachments/${id}`, ts.app.url), { headers: portalHeaders(code) });
    expect((await ok(ts.app.url, PUBLIC, { tn: c.tn, code: c.code })).caseByTracking.attachments).toEqual([]);
    const hidden = await portal(letter.id);
    expect([hidden.status, (await hidden.json()).error.code]).toEqual([404, "NOT_FOUND"]);

    expect((await ok(ts.app.url, SET_PUBLIC, { id: letter.id, p: true }, city.tokens.adminA)).setAttachmentPublic.public).toBe(true);
    expect((await ok(ts.app.url, PUBLIC, { tn: c.tn, code: c.code })).caseByTracking.attachments).toEqual([
      { id: letter.id, fileName: letter.fileName, sha256: letter.sha256 },
    ]);
    const shown = await portal(letter.id);
    expect(sha256(new Uint8Array(await shown.arrayBuffer()))).toBe(letter.sha256);
    const wrongCode = await portal(letter.id, "SALAH-SALAH-1");
    expect([wrongCode.status, (await wrongCode.json()).error.code]).toEqual([404, "NOT_FOUND"]);

    const photo = png();
    const own = await upload("/portal/attachments", "foto jalan.png", photo, portalHeaders(), { public: "false", stage: "ANSWER" });
    expect(own.status).toBe(201);
    expect(own.body.attachment).toMatchObject({ mediaType: "image/png", public: true, stage: null, sha256: sha256(photo) });
    const listed = (await ok(ts.app.url, ATTACHMENTS, { id: c.id }, city.tokens.adminA)).case.attachments;
    expect(listed.at(-1)).toMatchObject({ fileName: "foto jalan.png", uploadedBy: null, uploadedByRole: "COMPLAINANT" });
    const guessed = await upload("/portal/attachments", "x.png", photo, portalHeaders("SALAH-SALAH-2"));
    expect([guessed.status, guessed.body.error?.code]).toEqual([404, "NOT_FOUND"]);
  });

  it("cuts a download short when the stored file no longer matches its checksum", async () => {
    const path = join(files, letter.id.slice(0, 2), letter.id);
    const original = readFileSync(path);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 1] ^= 0xff;
    writeFileSync(path, tampered);
    try {
      const whole = fetch(new URL(`/attachments/${letter.id}`, ts.app.url), { headers: bearer(city.tokens.adminA) }).then((r) =>
        r.arrayBuffer(),
      );
      await expect(whole).rejects.toThrow();
    } finally {
      writeFileSync(path, original);
    }
    const again = await fetch(new URL(`/attachments/${letter.id}`, ts.app.url), { headers: bearer(city.tokens.adminA) });
    expect(sha256(new Uint8Array(await again.arrayBuffer()))).toBe(letter.sha256);
  });
});
