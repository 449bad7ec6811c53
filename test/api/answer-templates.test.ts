import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, gql, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const FIELDS = `id name use body active opd { code }`;
const CREATE = `mutation($opdId: ID, $name: String!, $use: TemplateUse!, $body: String!) {
  createAnswerTemplate(opdId: $opdId, name: $name, use: $use, body: $body) { ${FIELDS} }
}`;
const UPDATE = `mutation($id: ID!, $name: String!, $use: TemplateUse!, $body: String!) {
  updateAnswerTemplate(templateId: $id, name: $name, use: $use, body: $body) { ${FIELDS} }
}`;
const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setAnswerTemplateActive(templateId: $id, active: $active) { id active } }`;
const LIST = `query($all: Boolean!) { answerTemplates(includeInactive: $all) { name active opd { code } } }`;
const FOR_CASE = `query($caseId: ID!, $use: TemplateUse!) { caseAnswerTemplates(caseId: $caseId, use: $use) { name opd { code } } }`;
const RENDER = `query($t: ID!, $c: ID!) { renderTemplate(templateId: $t, caseId: $c) }`;
const PREVIEW = `query($body: String!, $use: TemplateUse!) { previewAnswerTemplate(body: $body, use: $use) }`;

type Template = { id: string; name: string; use: string; body: string; active: boolean; opd: { code: string } | null };

async function create(token: string, fields: { opdId?: string | null; name: string; use: string; body: string }): Promise<Template> {
  return (await ok(ts.app.url, CREATE, fields, token)).createAnswerTemplate;
}

/** The first error of a request that must fail: its code and extensions. */
async function refusal(query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, unknown>> {
  const r = await gql(ts.app.url, query, variables, token);
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return r.errors[0].extensions ?? {};
}

async function trailOf(id: string): Promise<{ action: string; actor_name: string; summary: string; before: unknown; after: unknown }[]> {
  return ts.app.dataSource.query(
    `SELECT action, actor_name, summary, before, after FROM admin_change WHERE subject_type = 'ANSWER_TEMPLATE' AND subject_id = $1 ORDER BY id`,
    [id],
  );
}

/** A case of `opdId` at step 2, received at `receivedAt`. */
async function caseAtStep2(opdId: string, receivedAt: string): Promise<{ id: string; trackingNumber: string; version: number }> {
  const recorded = (
    await ok(
      ts.app.url,
      Q.record,
      { input: { ...complaint({ title: "Izin usaha mikro tertahan" }), channel: "MPP", receivedAt } },
      city.tokens.instansi,
    )
  ).recordComplaint;
  const forwarded = (await ok(ts.app.url, Q.forward, { id: recorded.case.id, v: recorded.case.version, opd: opdId }, city.tokens.instansi))
    .forwardToOpd;
  return { id: forwarded.id, trackingNumber: recorded.trackingNumber, version: forwarded.version };
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("who manages answer templates", () => {
  it("an OPD's Admin OPD manages its templates; the Admin Instansi and the superuser the city-wide ones; each change on the trail", async () => {
    const own = await create(city.tokens.adminA, {
      opdId: city.opdA.id,
      name: "Salam UMKM",
      use: "INITIAL_RESPONSE",
      body: "Nomor {nomor}.",
    });
    expect(own).toMatchObject({ name: "Salam UMKM", use: "INITIAL_RESPONSE", active: true, opd: { code: "DISKOPUKMP" } });
    const cityWide = await create(city.tokens.instansi, { name: "Penutup umum", use: "CLOSING", body: "Ditutup: {nomor}." });
    expect(cityWide.opd).toBeNull();
    expect((await create(city.tokens.superuser, { name: "Tolak umum", use: "REJECTION", body: "Bukan pengaduan." })).opd).toBeNull();

    const attempts: [keyof City["tokens"], string | null][] = [
      ["adminB", city.opdA.id],
      ["liaisonA", city.opdA.id],
      ["officerA", city.opdA.id],
      ["instansi", city.opdA.id],
      ["superuser", city.opdA.id],
      ["adminA", null],
      ["liaisonA", null],
    ];
    for (const [who, opdId] of attempts) {
      const code = await errorCode(ts.app.url, CREATE, { opdId, name: `Coba ${who}`, use: "ANSWER", body: "Teks" }, city.tokens[who]);
      expect(code, `${who} on ${opdId ?? "city-wide"}`).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, CREATE, { name: "Anonim", use: "ANSWER", body: "Teks" })).toBe("UNAUTHENTICATED");
    const edit = { id: cityWide.id, name: "Penutup umum", use: "CLOSING", body: "Teks lain" };
    expect(await errorCode(ts.app.url, UPDATE, edit, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: own.id, active: false }, city.tokens.liaisonA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: own.id, active: false }, city.tokens.instansi)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: own.id, active: false }, city.tokens.adminB)).toBe("FORBIDDEN");

    const edited = (
      await ok(
        ts.app.url,
        UPDATE,
        { id: own.id, name: "Salam UMKM", use: "INITIAL_RESPONSE", body: "Nomor {nomor}, {opd}." },
        city.tokens.adminA,
      )
    ).updateAnswerTemplate;
    expect(edited.body).toBe("Nomor {nomor}, {opd}.");
    await ok(
      ts.app.url,
      UPDATE,
      { id: own.id, name: "Salam UMKM", use: "INITIAL_RESPONSE", body: "Nomor {nomor}, {opd}." },
      city.tokens.adminA,
    );
    await ok(ts.app.url, SET_ACTIVE, { id: own.id, active: false }, city.tokens.adminA);
    await ok(ts.app.url, SET_ACTIVE, { id: own.id, active: false }, city.tokens.adminA);
    await ok(ts.app.url, SET_ACTIVE, { id: own.id, active: true }, city.tokens.adminA);

    const trail = await trailOf(own.id);
    expect(trail.map((r) => r.action)).toEqual([
      "ANSWER_TEMPLATE_CREATED",
      "ANSWER_TEMPLATE_UPDATED",
      "ANSWER_TEMPLATE_DEACTIVATED",
      "ANSWER_TEMPLATE_ACTIVATED",
    ]);
    expect(trail[0]).toMatchObject({
      actor_name: "admina",
      summary: "Salam UMKM (DISKOPUKMP)",
      before: null,
      after: { name: "Salam UMKM", use: "INITIAL_RESPONSE", body: "Nomor {nomor}.", opd: "DISKOPUKMP", active: true },
    });
    expect(trail[1]).toMatchObject({ before: { body: "Nomor {nomor}." }, after: { body: "Nomor {nomor}, {opd}." } });
    expect(trail[2]).toMatchObject({ before: { active: true }, after: { active: false } });
    expect((await trailOf(cityWide.id))[0]).toMatchObject({ actor_name: "instansi", summary: "Penutup umum (kota)" });
  });

  it("refuses bad input with VALIDATION, CONFLICT or NOT_FOUND, naming the field", async () => {
    const base = { opdId: city.opdB.id, name: "Jawaban DINKES", use: "ANSWER", body: "Yth. pelapor {nomor}" };
    await create(city.tokens.adminB, base);
    const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
      [
        { body: "Yth. {nama_pelapor}, nomor {nomor} sejak {tanggal}" },
        "VALIDATION",
        { field: "body", unknownPlaceholders: ["nama_pelapor", "tanggal"] },
      ],
      [{ body: "   " }, "VALIDATION", { field: "body" }],
      [{ name: "" }, "VALIDATION", { field: "name" }],
      [{ name: "x".repeat(201) }, "VALIDATION", { field: "name" }],
      [{ use: "REJECTION", name: "Tolak DINKES" }, "VALIDATION", { field: "use" }],
      [{ use: "CLOSING", name: "Tutup panjang", body: "x".repeat(2_001) }, "VALIDATION", { field: "body" }],
      [{ name: "JAWABAN dinkes" }, "CONFLICT", { field: "name" }],
      [{ opdId: "bukan-id" }, "VALIDATION", { field: "opdId" }],
    ];
    for (const [change, code, extensions] of cases) {
      const ext = await refusal(CREATE, { ...base, ...change }, city.tokens.adminB);
      expect(ext, JSON.stringify(change)).toMatchObject({ code, ...extensions });
    }
    // A long answer is fine where a reason would not be; the same name in another scope is too.
    await create(city.tokens.adminB, { ...base, name: "Jawaban panjang", body: "x".repeat(2_001) });
    await create(city.tokens.instansi, { ...base, opdId: null });
    expect(await refusal(CREATE, { ...base, opdId: null }, city.tokens.instansi)).toMatchObject({ code: "CONFLICT", field: "name" });
    expect(
      await refusal(UPDATE, { id: "00000000-0000-4000-8000-000000000000", name: "a", use: "ANSWER", body: "b" }, city.tokens.adminB),
    ).toMatchObject({
      code: "NOT_FOUND",
      field: "templateId",
    });
    expect(await refusal(SET_ACTIVE, { id: "nope", active: true }, city.tokens.adminB)).toMatchObject({
      code: "VALIDATION",
      field: "templateId",
    });
    expect(await refusal(PREVIEW, { body: "Halo {Nomor}", use: "ANSWER" }, city.tokens.liaisonB)).toMatchObject({
      code: "VALIDATION",
      field: "body",
      unknownPlaceholders: ["Nomor"],
    });
    const renamed = await create(city.tokens.adminB, { ...base, name: "Sementara" });
    expect(await refusal(UPDATE, { ...base, id: renamed.id, name: "jawaban DINKES" }, city.tokens.adminB)).toMatchObject({
      code: "CONFLICT",
      field: "name",
    });
  });

  it("two managers saving one name at once: one template, the other told CONFLICT", async () => {
    const fields = { name: "Serentak", use: "CLOSING", body: "Ditutup." };
    const answers = await Promise.all([0, 1, 2].map(() => gql(ts.app.url, CREATE, fields, city.tokens.instansi)));
    const codes = answers.map((r) => r.errors?.[0]?.extensions?.code ?? "ok").sort();
    expect(codes).toEqual(["CONFLICT", "CONFLICT", "ok"]);
    const [{ n }] = await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM answer_template WHERE name = 'Serentak'`);
    expect(n).toBe(1);
  });
});

describe("reading and filling templates", () => {
  it("OPD staff read their OPD's and the city-wide templates; city roles read all; deactivated ones only when asked", async () => {
    const mine = await create(city.tokens.adminA, { opdId: city.opdA.id, name: "Arsip A", use: "ANSWER", body: "Lama" });
    await ok(ts.app.url, SET_ACTIVE, { id: mine.id, active: false }, city.tokens.adminA);
    const names = async (token: string, all: boolean) =>
      ((await ok(ts.app.url, LIST, { all }, token)).answerTemplates as { name: string; opd: { code: string } | null }[]).map(
        (t) => `${t.opd?.code ?? "kota"}:${t.name}`,
      );
    const liaisonA = await names(city.tokens.liaisonA, false);
    expect(liaisonA.every((n) => n.startsWith("DISKOPUKMP:") || n.startsWith("kota:"))).toBe(true);
    expect(liaisonA).not.toContain("DISKOPUKMP:Arsip A");
    expect(await names(city.tokens.officerA, true)).toContain("DISKOPUKMP:Arsip A");
    expect((await names(city.tokens.adminB, true)).some((n) => n.startsWith("DISKOPUKMP:"))).toBe(false);
    const all = await names(city.tokens.instansi, true);
    expect(all).toEqual(expect.arrayContaining(["DISKOPUKMP:Arsip A", "DINKES:Jawaban DINKES", "kota:Penutup umum"]));
    // OPD ones first.
    const firstCityWide = all.findIndex((n) => n.startsWith("kota:"));
    expect(all.slice(firstCityWide).every((n) => n.startsWith("kota:"))).toBe(true);
  });

  it("a step dialog is offered the active templates that fit the case, its OPD's first, filled for it in WITA", async () => {
    const c = await caseAtStep2(city.opdA.id, "2026-11-22T23:30:00Z");
    const opdOne = await create(city.tokens.adminA, {
      opdId: city.opdA.id,
      name: "Awal A",
      use: "INITIAL_RESPONSE",
      body: "Pengaduan {nomor} ({judul}) diterima {opd} pada {tanggal_terima}; tanggapan paling lambat {batas_waktu}.",
    });
    const cityOne = await create(city.tokens.instansi, { name: "Awal kota", use: "INITIAL_RESPONSE", body: "Terima kasih, {nomor}." });
    const other = await create(city.tokens.adminB, { opdId: city.opdB.id, name: "Awal B", use: "INITIAL_RESPONSE", body: "B {nomor}" });
    const off = await create(city.tokens.instansi, { name: "Awal lama", use: "INITIAL_RESPONSE", body: "Lama" });
    await ok(ts.app.url, SET_ACTIVE, { id: off.id, active: false }, city.tokens.instansi);

    const offered = (await ok(ts.app.url, FOR_CASE, { caseId: c.id, use: "INITIAL_RESPONSE" }, city.tokens.adminA)).caseAnswerTemplates;
    expect(offered.map((t: { name: string }) => t.name)).toEqual(["Awal A", "Salam UMKM", "Awal kota"]);
    expect(await errorCode(ts.app.url, FOR_CASE, { caseId: c.id, use: "INITIAL_RESPONSE" }, city.tokens.adminB)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, FOR_CASE, { caseId: c.id, use: "ANSWER" }, city.tokens.liaisonB)).toBe("FORBIDDEN");

    const dueAt = (await ok(ts.app.url, Q.case, { id: c.id }, city.tokens.adminA)).case.visits.at(-1).dueAt as string;
    const wita = (d: string, time: boolean) =>
      new Intl.DateTimeFormat("id-ID", {
        timeZone: "Asia/Makassar",
        day: "numeric",
        month: "long",
        year: "numeric",
        ...(time ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
      } as Intl.DateTimeFormatOptions).format(new Date(d));
    const [dueDate, dueTime] = wita(dueAt, true).split(" pukul ");
    const filled = (await ok(ts.app.url, RENDER, { t: opdOne.id, c: c.id }, city.tokens.adminA)).renderTemplate;
    expect(filled).toBe(
      `Pengaduan ${c.trackingNumber} (Izin usaha mikro tertahan) diterima Dinas Koperasi, UKM dan Perindustrian pada 23 November 2026; tanggapan paling lambat ${dueDate} pukul ${dueTime} WITA.`,
    );
    expect((await ok(ts.app.url, RENDER, { t: cityOne.id, c: c.id }, city.tokens.instansi)).renderTemplate).toBe(
      `Terima kasih, ${c.trackingNumber}.`,
    );

    expect(await refusal(RENDER, { t: other.id, c: c.id }, city.tokens.instansi)).toMatchObject({
      code: "VALIDATION",
      field: "templateId",
    });
    expect(await refusal(RENDER, { t: off.id, c: c.id }, city.tokens.adminA)).toMatchObject({ code: "VALIDATION", field: "templateId" });
    expect(await errorCode(ts.app.url, RENDER, { t: other.id, c: c.id }, city.tokens.adminA)).toBe("FORBIDDEN");
    expect(await errorCode(ts.app.url, RENDER, { t: cityOne.id, c: c.id }, city.tokens.adminB)).toBe("FORBIDDEN");
  });

  it("a case at step 1 is offered the city-wide rejection templates; its OPD and deadline read as a dash once closed", async () => {
    const recorded = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LETTER" } }, city.tokens.instansi))
      .recordComplaint;
    const offered = (await ok(ts.app.url, FOR_CASE, { caseId: recorded.case.id, use: "REJECTION" }, city.tokens.instansi))
      .caseAnswerTemplates;
    expect(offered).toEqual([{ name: "Tolak umum", opd: null }]);
    const probe = await create(city.tokens.instansi, { name: "Uji tanda", use: "REJECTION", body: "{opd} / {batas_waktu}" });
    expect((await ok(ts.app.url, RENDER, { t: probe.id, c: recorded.case.id }, city.tokens.instansi)).renderTemplate).toMatch(
      /^- \/ \d+ \w+ 2026 pukul \d\d\.\d\d WITA$/,
    );
    await ok(ts.app.url, Q.reject, { id: recorded.case.id, v: recorded.case.version, reason: "Bukan pengaduan" }, city.tokens.instansi);
    expect((await ok(ts.app.url, RENDER, { t: probe.id, c: recorded.case.id }, city.tokens.instansi)).renderTemplate).toBe("- / -");
  });

  it("the preview fills a body from a sample case with the viewer's OPD", async () => {
    const text = (await ok(ts.app.url, PREVIEW, { body: "{nomor} — {opd}", use: "ANSWER" }, city.tokens.liaisonA)).previewAnswerTemplate;
    expect(text).toBe("ADU-2026-000123 — Dinas Koperasi, UKM dan Perindustrian");
    expect(await errorCode(ts.app.url, PREVIEW, { body: "x", use: "ANSWER" })).toBe("UNAUTHENTICATED");
  });
});
