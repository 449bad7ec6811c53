import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, gql, ok, subscribe, type Subscription } from "../support/client.js";
import { advanceHours, complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let url: string;
let subA: Subscription<any>;
let subB: Subscription<any>;
let subCity: Subscription<any>;

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
  url = ts.app.url;
  subA = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.adminA);
  subB = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.adminB);
  subCity = await subscribe(ts.app.wsUrl, Q.changes, city.tokens.instansi);
});

afterAll(async () => {
  await Promise.all([subA, subB, subCity].map((s) => s?.close()));
  await ts?.stop();
});

type C = { id: string; version: number; stage: string; [k: string]: any };

async function submit(overrides = {}): Promise<{ id: string; version: number; tn: string; code: string }> {
  const r = await ok(url, Q.submit, { input: complaint(overrides) });
  const { trackingNumber: tn, accessCode: code } = r.submitComplaint;
  const list = await ok(
    url,
    `query($t: String) { cases(filter: { text: $t }) { edges { node { id version } } } }`,
    { t: tn },
    city.tokens.instansi,
  );
  const node = list.cases.edges[0].node;
  return { id: node.id, version: node.version, tn, code };
}

const act = async (query: string, vars: Record<string, unknown>, token: string): Promise<C> =>
  Object.values(await ok(url, query, vars, token))[0] as C;

/** Steps 1 to 4 for OPD A: forward, then the OPD's steps. */
async function toConfirmation(c: { id: string; version: number }): Promise<C> {
  const x = await act(Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
  expect(x.stage).toBe("INITIAL_RESPONSE");
  return opdSteps(x);
}

/** Steps 2 to 4: acknowledge, answer, deliver. */
async function opdSteps(start: { id: string; version: number }): Promise<C> {
  let x = await act(
    Q.acknowledge,
    { id: start.id, v: start.version, ir: "Pengaduan diterima.", rm: "Bahan laporan untuk penghubung" },
    city.tokens.adminA,
  );
  expect(x.stage).toBe("ANALYSIS");
  x = await act(
    Q.answer,
    { id: x.id, v: x.version, an: "Analisis internal", ans: "Dana cair minggu depan.", who: "Kabid UMKM" },
    city.tokens.liaisonA,
  );
  expect(x.stage).toBe("DELIVERY");
  x = await act(Q.deliver, { id: x.id, v: x.version }, city.tokens.adminA);
  expect(x.stage).toBe("CONFIRMATION");
  return x;
}

describe("a complaint walked through the SOP over HTTP, watched over WebSocket", () => {
  it("accepted with a rating: every step recorded, subscribers of the OPD see each change, others see none", async () => {
    const c = await submit();
    const x = await toConfirmation(c);
    const pub = (await ok(url, Q.publicCase, { tn: c.tn, code: c.code })).caseByTracking;
    expect(pub.awaitingComplainant).toBe(true);
    expect(pub.answer).toBe("Dana cair minggu depan.");
    expect(pub.autoCloseAt).toBe(x.stageDueAt);
    const done = (await ok(url, Q.accept, { tn: c.tn, code: c.code, v: pub.version, rating: 5, comment: "Terima kasih" })).acceptAnswer;
    expect(done.stage).toBe("CLOSED");

    const full = (await ok(url, Q.case, { id: c.id }, city.tokens.adminA)).case;
    expect(full.closedByRole).toBe("COMPLAINANT");
    expect(full.rating).toBe(5);
    expect(full.events.map((e: any) => e.action)).toEqual([
      "SUBMIT",
      "FORWARD",
      "ACKNOWLEDGE",
      "SUBMIT_ANSWER",
      "DELIVER_ANSWER",
      "ACCEPT",
    ]);
    expect(full.events.map((e: any) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(full.visits.map((v: any) => [v.stage, v.outcome])).toEqual([
      ["DISPOSITION", "FORWARD"],
      ["INITIAL_RESPONSE", "ACKNOWLEDGE"],
      ["ANALYSIS", "SUBMIT_ANSWER"],
      ["DELIVERY", "DELIVER_ANSWER"],
      ["CONFIRMATION", "ACCEPT"],
    ]);
    expect(full.visits.every((v: any) => v.doneAt && v.slaMet === true)).toBe(true);
    const calendar = await ts.app.services.calendars.current();
    const hours = full.visits.map((v: any) => calendar.elapsedWorking(new Date(v.enteredAt), new Date(v.dueAt)) / 3_600_000);
    expect(hours).toEqual([24, 2, 2, 2, 70]);

    const mine = (events: any[]) => events.filter((e) => e.caseChanged.caseId === c.id).map((e) => e.caseChanged.action);
    await subCity.waitFor((ev) => mine(ev).length === 6);
    await subA.waitFor((ev) => mine(ev).length === 5);
    expect(mine(subA.events)).toEqual(["FORWARD", "ACKNOWLEDGE", "SUBMIT_ANSWER", "DELIVER_ANSWER", "ACCEPT"]);
    expect(mine(subB.events)).toEqual([]);
    const last = subA.events.filter((e) => e.caseChanged.caseId === c.id).at(-1).caseChanged;
    expect(last.case).toMatchObject({ stage: "CLOSED", opd: { code: "DISKOPUKMP" }, complainant: { name: "Siti Aminah" } });
  });

  it("closed by the admin only after step 5's minimum window of 7 working hours", async () => {
    const c = await submit();
    const x = await toConfirmation(c);
    expect(await errorCode(url, Q.close, { id: x.id, v: x.version, reason: "Selesai" }, city.tokens.adminA)).toBe("TOO_EARLY");
    // 09:xx to 16:xx is 7 hours on the wall but short of 7 working hours
    await advanceHours(ts, city, 6.9);
    expect(await errorCode(url, Q.close, { id: x.id, v: x.version, reason: "Selesai" }, city.tokens.adminA)).toBe("TOO_EARLY");
    await advanceHours(ts, city, 17);
    const closed = await act(Q.close, { id: x.id, v: x.version, reason: "Tidak ada tanggapan" }, city.tokens.adminA);
    expect(closed).toMatchObject({ stage: "CLOSED", closedByRole: "ADMIN_OPD", closingReason: "Tidak ada tanggapan" });
  });

  it("reply opens a second round, which is then accepted", async () => {
    const c = await submit();
    let x = await toConfirmation(c);
    const replied = (await ok(url, Q.reply, { tn: c.tn, code: c.code, v: x.version, reply: "Dana belum masuk juga." })).replyToAnswer;
    expect(replied).toMatchObject({ stage: "INITIAL_RESPONSE", round: 2 });
    x = await opdSteps({ id: c.id, version: replied.version });
    expect(x.round).toBe(2);
    const pub = (await ok(url, Q.publicCase, { tn: c.tn, code: c.code })).caseByTracking;
    expect(pub.timeline.map((e: any) => e.action)).toContain("REPLY");
    await ok(url, Q.accept, { tn: c.tn, code: c.code, v: pub.version, rating: 4 });
    const full = (await ok(url, Q.case, { id: c.id }, city.tokens.instansi)).case;
    expect(full.visits.filter((v: any) => v.round === 2).map((v: any) => v.stage)).toEqual([
      "INITIAL_RESPONSE",
      "ANALYSIS",
      "DELIVERY",
      "CONFIRMATION",
    ]);
    expect(full.stage).toBe("CLOSED");
  });

  it("delivery sent back for revision returns to analysis", async () => {
    const c = await submit();
    let x = await act(Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    x = await act(Q.acknowledge, { id: x.id, v: x.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA);
    x = await act(Q.answer, { id: x.id, v: x.version, an: "A", ans: "Jawaban kurang", who: "Kabid" }, city.tokens.liaisonA);
    x = await act(Q.sendBack, { id: x.id, v: x.version, reason: "Lengkapi jadwal pencairan" }, city.tokens.adminA);
    expect(x.stage).toBe("ANALYSIS");
    x = await act(Q.answer, { id: x.id, v: x.version, an: "A2", ans: "Jawaban lengkap", who: "Kabid" }, city.tokens.liaisonA);
    await act(Q.deliver, { id: x.id, v: x.version, ans: "Jawaban lengkap, disunting" }, city.tokens.adminA);
    const pub = (await ok(url, Q.publicCase, { tn: c.tn, code: c.code })).caseByTracking;
    expect(pub.answer).toBe("Jawaban lengkap, disunting");
    expect(JSON.stringify(pub)).not.toContain("Lengkapi jadwal");
  });

  it("rejected at disposition, and transferred out", async () => {
    const a = await submit();
    const r = await act(Q.reject, { id: a.id, v: a.version, reason: "Duplikat" }, city.tokens.instansi);
    expect(r).toMatchObject({ stage: "CLOSED", closedByRole: "ADMIN_INSTANSI", closingReason: "Duplikat" });
    const b = await submit();
    const t = await act(
      Q.transfer,
      { id: b.id, v: b.version, reason: "Perlu pemeriksaan lapangan", dest: "Inspektorat" },
      city.tokens.instansi,
    );
    expect(t.stage).toBe("CLOSED");
    const pub = (await ok(url, Q.publicCase, { tn: b.tn, code: b.code })).caseByTracking;
    expect(pub.timeline.at(-1)).toMatchObject({ action: "TRANSFER_OUT", details: { destination: "Inspektorat" } });
  });

  it("returned to the Admin Instansi and forwarded again: the first OPD loses sight of it", async () => {
    const c = await submit();
    let x = await act(Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi);
    expect(x.opd.code).toBe("DINKES");
    x = await act(Q.returnIt, { id: x.id, v: x.version, reason: "Bukan kewenangan Dinkes" }, city.tokens.adminB);
    expect(x).toMatchObject({ stage: "DISPOSITION", opd: null });
    expect(await errorCode(url, Q.case, { id: c.id }, city.tokens.adminB)).toBe("FORBIDDEN");
    await subB.waitFor((ev) => ev.some((e) => e.caseChanged.caseId === c.id && e.caseChanged.action === "RETURN_TO_INSTANSI"));
    x = await act(Q.forward, { id: x.id, v: x.version, opd: city.opdA.id }, city.tokens.instansi);
    expect(x).toMatchObject({ stage: "INITIAL_RESPONSE", opd: { code: "DISKOPUKMP" } });
    const pub = (await ok(url, Q.publicCase, { tn: c.tn, code: c.code })).caseByTracking;
    expect(pub.timeline.map((e: any) => e.action)).toEqual(["SUBMIT", "FORWARD", "FORWARD"]);
    expect(pub.opdName).toBe(city.opdA.name);
  });

  it("auto-close by the system only once step 5 is due", async () => {
    const c = await submit();
    const x = await toConfirmation(c);
    await expect(ts.app.services.cases.autoClose(x.id)).rejects.toMatchObject({ code: "TOO_EARLY" });
    await advanceHours(ts, city, 14 * 24);
    const closed = await ts.app.services.cases.autoClose(x.id);
    expect(closed).toMatchObject({ stage: "CLOSED", closedByRole: "SYSTEM" });
    const pub = (await ok(url, Q.publicCase, { tn: c.tn, code: c.code })).caseByTracking;
    expect(pub.timeline.at(-1).action).toBe("AUTO_CLOSE");
  });
});

describe("the complainant's view", () => {
  it("shows only public parts, and a wrong code gets nothing", async () => {
    const c = await submit({ confidential: true });
    let x = await act(Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    x = await act(
      Q.acknowledge,
      { id: x.id, v: x.version, ir: "Kami tindak lanjuti.", rm: "CATATAN-INTERNAL-RAHASIA" },
      city.tokens.adminA,
    );
    x = await act(
      Q.answer,
      { id: x.id, v: x.version, an: "ANALISIS-INTERNAL", ans: "DRAF-JAWABAN", who: "PETUGAS-X" },
      city.tokens.liaisonA,
    );
    const pub = (await ok(url, Q.publicCase, { tn: c.tn, code: c.code })).caseByTracking;
    expect(pub.initialResponse).toBe("Kami tindak lanjuti.");
    expect(pub.answer).toBeNull();
    const text = JSON.stringify(pub);
    for (const secret of ["CATATAN-INTERNAL-RAHASIA", "ANALISIS-INTERNAL", "DRAF-JAWABAN", "PETUGAS-X", "Siti Aminah", "User "]) {
      expect(text).not.toContain(secret);
    }
    expect(await errorCode(url, Q.publicCase, { tn: c.tn, code: "AAAA-BBBB-CCCC" })).toBe("NOT_FOUND");
    expect(await errorCode(url, Q.publicCase, { tn: "ADU-1999-000001", code: c.code })).toBe("NOT_FOUND");
    const wrong = await gql(url, Q.accept, { tn: c.tn, code: "AAAA-BBBB-CCCC", v: x.version });
    expect(wrong.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(wrong.data).toBeNull();
  });

  it("a confidential identity is for the Admin Instansi only; anonymous has none at all", async () => {
    const c = await submit({ confidential: true });
    const x = await act(Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi);
    expect((await ok(url, Q.case, { id: x.id }, city.tokens.instansi)).case.complainant).toEqual({
      name: "Siti Aminah",
      contact: "0812-0000-1111",
    });
    expect((await ok(url, Q.case, { id: x.id }, city.tokens.adminA)).case.complainant).toBeNull();
    const anon = await submit({ anonymous: true, complainantName: null, complainantContact: null });
    const row = await ts.app.dataSource.query(`SELECT complainant_name, complainant_contact FROM complaint_case WHERE id = $1`, [anon.id]);
    expect(row).toEqual([{ complainant_name: null, complainant_contact: null }]);
  });
});
