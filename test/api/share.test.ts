import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const SHARE = `mutation($id: ID!) { shareToWhatsApp(caseId: $id) { url message } }`;
const SHARES = `query($id: ID!) { case(id: $id) { version stage stageDueAt shares { at channel stage actorName actorRole } events { action } } }`;
const NAME = "Wahyuni Kartika";
const CONTACT = "0811-5555-7777";

const HARI = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
const BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

/** The instant as a WITA (UTC+8, no daylight saving) wall clock, spelled out in Bahasa Indonesia. */
function wita(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${HARI[d.getUTCDay()]}, ${d.getUTCDate()} ${BULAN[d.getUTCMonth()]} ${d.getUTCFullYear()} pukul ${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())} WITA`;
}

async function newCase(): Promise<{ id: string; version: number; trackingNumber: string }> {
  const input = { ...complaint({ complainantName: NAME, complainantContact: CONTACT }), channel: "WHATSAPP" };
  return (await ok(ts.app.url, Q.record, { input }, city.tokens.instansi)).recordComplaint.case;
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("share to WhatsApp", () => {
  it("builds a wa.me link with tracking number, title, step and WITA deadline, and no complainant", async () => {
    const c = await newCase();
    const before = (await ok(ts.app.url, SHARES, { id: c.id }, city.tokens.instansi)).case;
    const { url, message } = (await ok(ts.app.url, SHARE, { id: c.id }, city.tokens.instansi)).shareToWhatsApp;
    expect(url).toBe(`https://wa.me/?text=${encodeURIComponent(message)}`);
    expect(decodeURIComponent(url.slice("https://wa.me/?text=".length))).toBe(message);
    expect(message).toContain(c.trackingNumber);
    expect(message).toContain("Judul: Bantuan modal UMKM belum cair");
    expect(message).toContain("Langkah 1");
    expect(message).toContain(`Batas waktu: ${wita(before.stageDueAt)}`);
    expect(message).not.toContain("Sudah tiga bulan");
    for (const secret of [NAME, "Wahyuni", CONTACT, "0811", "5555-7777"]) {
      expect(message).not.toContain(secret);
      expect(decodeURIComponent(url)).not.toContain(secret);
    }
  });

  it("is recorded in Case.shares without changing the version, the events or the stage", async () => {
    const c = await newCase();
    const before = (await ok(ts.app.url, SHARES, { id: c.id }, city.tokens.instansi)).case;
    await ok(ts.app.url, SHARE, { id: c.id }, city.tokens.instansi);
    const after = (await ok(ts.app.url, SHARES, { id: c.id }, city.tokens.instansi)).case;
    expect(after.version).toBe(before.version);
    expect(after.stage).toBe(before.stage);
    expect(after.events).toEqual(before.events);
    expect(after.shares).toMatchObject([
      { channel: "WHATSAPP", stage: "DISPOSITION", actorName: "User instansi", actorRole: "ADMIN_INSTANSI" },
    ]);
    await expect(ts.app.dataSource.query(`UPDATE case_share SET actor_name = 'x' WHERE case_id = $1`, [c.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(ts.app.dataSource.query(`DELETE FROM case_share WHERE case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    const moved = (await ok(ts.app.url, Q.forward, { id: c.id, v: before.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
    expect(moved.stage).toBe("INITIAL_RESPONSE");
  });

  it("lets the Admin OPD share only its own OPD's cases, with the current step", async () => {
    const c = await newCase();
    expect(await errorCode(ts.app.url, SHARE, { id: c.id }, city.tokens.adminA)).toBe("FORBIDDEN");
    const atA = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
    const { message } = (await ok(ts.app.url, SHARE, { id: atA.id }, city.tokens.adminA)).shareToWhatsApp;
    expect(message).toContain("Langkah 2");
    expect(message).toContain(wita(atA.stageDueAt));
    expect(await errorCode(ts.app.url, SHARE, { id: atA.id }, city.tokens.adminB)).toBe("FORBIDDEN");
    const after = (await ok(ts.app.url, SHARES, { id: atA.id }, city.tokens.adminA)).case;
    expect(after.version).toBe(atA.version);
    expect(after.shares.map((s: { actorRole: string; stage: string }) => [s.actorRole, s.stage])).toEqual([
      ["ADMIN_OPD", "INITIAL_RESPONSE"],
    ]);
  });

  it("refuses other roles, strangers and unknown cases, and records nothing", async () => {
    const c = await newCase();
    const atA = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
    for (const who of ["liaisonA", "officerA", "superuser"] as const) {
      expect(await errorCode(ts.app.url, SHARE, { id: atA.id }, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, SHARE, { id: atA.id })).toBe("UNAUTHENTICATED");
    expect(await errorCode(ts.app.url, SHARE, { id: "00000000-0000-4000-8000-000000000000" }, city.tokens.instansi)).toBe("NOT_FOUND");
    expect(await errorCode(ts.app.url, SHARE, { id: "x" }, city.tokens.instansi)).toBe("VALIDATION");
    expect((await ok(ts.app.url, SHARES, { id: atA.id }, city.tokens.instansi)).case.shares).toEqual([]);
  });
});
