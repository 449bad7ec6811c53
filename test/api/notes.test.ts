import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, gql, ok, subscribe } from "../support/client.js";
import { caseAtInitialResponse } from "../support/cases.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const ADD = `mutation($id: ID!, $body: String!, $file: ID, $strikes: ID) {
  addCaseNote(caseId: $id, body: $body, attachmentId: $file, strikes: $strikes) { id caseId at authorName authorRole body attachmentId strikes mentions } }`;
const NOTES = `query($id: ID!) { case(id: $id) { version events { action } notes { id authorName authorRole body attachmentId strikes mentions } } }`;
const LIVE = `subscription($id: ID!) { caseNoteAdded(caseId: $id) { id caseId authorName body mentions at } }`;

const add = (token: string, id: string, body: string, extra: Record<string, unknown> = {}) =>
  ok(ts.app.url, ADD, { id, body, ...extra }, token).then((d) => d.addCaseNote);

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("internal notes", () => {
  it("are written by staff of the case's scope, oldest first, without touching the version or the events", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const before = (await ok(ts.app.url, NOTES, { id: c.id }, city.tokens.adminA)).case;
    const first = await add(city.tokens.adminA, c.id, "  Sudah saya telepon pelapor, @LiaisonA tolong cek berkasnya.  ");
    expect(first).toMatchObject({
      caseId: c.id,
      authorName: "User adminA",
      authorRole: "ADMIN_OPD",
      body: "Sudah saya telepon pelapor, @LiaisonA tolong cek berkasnya.",
      attachmentId: null,
      strikes: null,
      mentions: ["liaisona"],
    });
    await add(city.tokens.officerA, c.id, "Data penerima bantuan ada di bidang UMKM.");
    await add(city.tokens.instansi, c.id, "Dari grup WhatsApp: pelapor juga menulis ke LAPOR!");
    const after = (await ok(ts.app.url, NOTES, { id: c.id }, city.tokens.liaisonA)).case;
    expect(after.notes.map((n: { authorRole: string }) => n.authorRole)).toEqual(["ADMIN_OPD", "OFFICER", "ADMIN_INSTANSI"]);
    expect(after.version).toBe(before.version);
    expect(after.events).toEqual(before.events);
  });

  it("keeps only mentions of real accounts, each once", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const note = await add(city.tokens.liaisonA, c.id, "@officera @nobody.here @OfficerA email@example.com @adminb");
    expect(note.mentions).toEqual(["officera", "adminb"]);
  });

  it("refuses other OPDs, the superuser, an empty or over-long text, and a file or note of another case", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const other = await caseAtInitialResponse(ts.app.url, city);
    expect(await errorCode(ts.app.url, ADD, { id: c.id, body: "x" }, city.tokens.adminB)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, ADD, { id: c.id, body: "x" }, city.tokens.liaisonB)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, ADD, { id: c.id, body: "x" }, city.tokens.superuser)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, ADD, { id: c.id, body: "x" })).toBe("UNAUTHENTICATED");
    const field = async (vars: Record<string, unknown>) =>
      (await gql(ts.app.url, ADD, { id: c.id, ...vars }, city.tokens.adminA)).errors?.[0].extensions;
    expect(await field({ body: "   " })).toMatchObject({ code: "VALIDATION", field: "body" });
    expect(await field({ body: "x".repeat(10_001) })).toMatchObject({ code: "VALIDATION", field: "body" });
    const elsewhere = await add(city.tokens.adminA, other.id, "Catatan kasus lain");
    expect(await field({ body: "x", strikes: elsewhere.id })).toMatchObject({ code: "VALIDATION", field: "strikes" });
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(Buffer.from("%PDF-1.7\n% surat\n" + "A".repeat(400)))]), "surat.pdf");
    const res = await fetch(new URL(`/cases/${other.id}/attachments`, ts.app.url), {
      method: "POST",
      body: form,
      headers: { authorization: `Bearer ${city.tokens.adminA}` },
    });
    const file = ((await res.json()) as { attachment: { id: string } }).attachment;
    expect(await field({ body: "x", file: file.id })).toMatchObject({ code: "VALIDATION", field: "attachmentId" });
    const withFile = await add(city.tokens.adminA, other.id, "Surat pelapor terlampir", { file: file.id });
    expect(withFile.attachmentId).toBe(file.id);
    const fresh = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint
      .case;
    expect(await errorCode(ts.app.url, ADD, { id: fresh.id, body: "x" }, city.tokens.adminA)).toBe("FORBIDDEN");
  });

  it("are append-only: the database refuses to change or delete one; a wrong note is struck through by a later one, once", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const wrong = await add(city.tokens.officerA, c.id, "Pelapor sudah menerima bantuan.");
    await expect(ts.app.dataSource.query(`UPDATE case_note SET body = 'x' WHERE id = $1`, [wrong.id])).rejects.toThrow(/append-only/);
    await expect(ts.app.dataSource.query(`DELETE FROM case_note WHERE id = $1`, [wrong.id])).rejects.toThrow(/append-only/);
    await expect(ts.app.dataSource.query(`TRUNCATE case_note`)).rejects.toThrow(/append-only|cannot truncate/);
    expect(await errorCode(ts.app.url, ADD, { id: c.id, body: "Salah", strikes: wrong.id }, city.tokens.liaisonA)).toBe("FORBIDDEN");
    const fix = await add(city.tokens.officerA, c.id, "Keliru: bantuan belum diterima.", { strikes: wrong.id });
    expect(fix.strikes).toBe(wrong.id);
    const again = (await gql(ts.app.url, ADD, { id: c.id, body: "Lagi", strikes: wrong.id }, city.tokens.adminA)).errors?.[0].extensions;
    expect(again).toMatchObject({ code: "VALIDATION", field: "strikes" });
    const ofFix = (await gql(ts.app.url, ADD, { id: c.id, body: "Lagi", strikes: fix.id }, city.tokens.adminA)).errors?.[0].extensions;
    expect(ofFix).toMatchObject({ code: "VALIDATION", field: "strikes" });
    const byAdmin = await add(city.tokens.adminA, c.id, "Catatan admin");
    const struck = await add(city.tokens.adminA, c.id, "Dicoret admin", { strikes: byAdmin.id });
    expect(struck.strikes).toBe(byAdmin.id);
    const notes = (await ok(ts.app.url, NOTES, { id: c.id }, city.tokens.adminA)).case.notes;
    expect(notes.map((n: { body: string }) => n.body)).toEqual([
      "Pelapor sudah menerima bantuan.",
      "Keliru: bantuan belum diterima.",
      "Catatan admin",
      "Dicoret admin",
    ]);
  });

  it("reach another staff member's open case page as they are written, and only that case's", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const other = await caseAtInitialResponse(ts.app.url, city);
    const sub = await subscribe(ts.app.wsUrl, LIVE, city.tokens.liaisonA, { id: c.id });
    try {
      await add(city.tokens.adminA, other.id, "Kasus lain");
      const note = await add(city.tokens.adminA, c.id, "Tolong @liaisona segera dianalisis");
      await sub.waitFor((events) => events.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(sub.events).toEqual([
        { caseNoteAdded: { id: note.id, caseId: c.id, authorName: "User adminA", body: note.body, mentions: ["liaisona"], at: note.at } },
      ]);
    } finally {
      await sub.close();
    }
    const refused = await subscribe(ts.app.wsUrl, LIVE, city.tokens.adminB, { id: c.id });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(JSON.stringify(refused.errors)).toContain("FORBIDDEN");
    } finally {
      await refused.close();
    }
  });

  it("stop reaching an OPD's open page once the case has left that OPD, and still reach the Admin Instansi", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const liaison = await subscribe(ts.app.wsUrl, LIVE, city.tokens.liaisonA, { id: c.id });
    const instansi = await subscribe(ts.app.wsUrl, LIVE, city.tokens.instansi, { id: c.id });
    try {
      await add(city.tokens.adminA, c.id, "Sebelum dikembalikan");
      await liaison.waitFor((events) => events.length >= 1);
      await ok(ts.app.url, Q.returnIt, { id: c.id, v: c.version, reason: "Bukan kewenangan OPD ini" }, city.tokens.adminA);
      await add(city.tokens.instansi, c.id, "Sesudah dikembalikan");
      await instansi.waitFor((events) => events.length >= 2);
      await new Promise((r) => setTimeout(r, 200));
      const bodies = (s: typeof liaison) => s.events.map((e) => (e as { caseNoteAdded: { body: string } }).caseNoteAdded.body);
      expect(bodies(liaison)).toEqual(["Sebelum dikembalikan"]);
      expect(bodies(instansi)).toEqual(["Sebelum dikembalikan", "Sesudah dikembalikan"]);
    } finally {
      await liaison.close();
      await instansi.close();
    }
  });

  it("are in the JSON export, and not in the CSV", async () => {
    const c = await caseAtInitialResponse(ts.app.url, city);
    const note = await add(city.tokens.adminA, c.id, "Catatan untuk ekspor @officera");
    const json = await fetch(new URL(`/exports/cases.json`, ts.app.url), { headers: { authorization: `Bearer ${city.tokens.adminA}` } });
    const doc = (await json.json()) as { cases: { id: string; notes: Record<string, unknown>[] }[] };
    expect(doc.cases.find((x) => x.id === c.id)!.notes).toEqual([
      {
        id: note.id,
        at: note.at,
        authorName: "User adminA",
        authorRole: "ADMIN_OPD",
        body: "Catatan untuk ekspor @officera",
        attachmentId: null,
        strikes: null,
        mentions: ["officera"],
      },
    ]);
    const csv = await fetch(new URL(`/exports/cases.csv?part=events`, ts.app.url), {
      headers: { authorization: `Bearer ${city.tokens.adminA}` },
    });
    expect(await csv.text()).not.toContain("Catatan untuk ekspor");
  });
});
