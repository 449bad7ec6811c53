import ExcelJS from "exceljs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashAccessCode } from "../../server/src/case/access-code.js";
import { caseAtConfirmation } from "../support/cases.js";
import { errorCode, ok, subscribe, type GqlResult } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const CASE = `query($id: ID!) { case(id: $id) { id complainant { name contact } } }`;
const LIST = `{ cases(first: 500) { edges { node { id complainant { name contact } } } } }`;
const BOARD = `{ board { columns { cards { id complainant { name contact } } } } }`;
const DISPLAY = `mutation { createDisplayToken(label: "Lobi", days: 1) { token } }`;
const COUNTDOWN = `subscription { slaCountdown { kind items { caseId trackingNumber title opdId stage dueAt } } }`;
const CHANGES = `subscription { caseChanged { caseId action case { id complainant { name contact } } } }`;

/** A request from another loopback address, so the server sees a different client IP. */
function gqlFrom(ip: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlResult> {
  const url = new URL(ts.app.url);
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: ip,
        headers: { "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () =>
          resolve({ ...JSON.parse(text), status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] } as GqlResult),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code ?? "OK";

/** Every column of every table holding `needle`, as text, case-insensitively. */
async function columnsContaining(needle: string): Promise<string[]> {
  const columns = (await ts.app.dataSource.query(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')`,
  )) as { table_name: string; column_name: string }[];
  const hits: string[] = [];
  for (const { table_name: t, column_name: c } of columns) {
    const [{ n }] = await ts.app.dataSource.query(
      `SELECT count(*)::int AS n FROM "${t}" WHERE strpos(lower("${c}"::text), lower($1)) > 0`,
      [needle],
    );
    if (n > 0) hits.push(`${t}.${c}`);
  }
  return hits;
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("identity of the complainant", () => {
  it("an anonymous complaint stores no identity anywhere; the scan finds one that is stored", async () => {
    const anonName = "Yohanes Marpaung";
    const anonContact = "0819-3141-5926";
    const identity = { complainantName: anonName, complainantContact: anonContact };
    expect(await errorCode(ts.app.url, Q.submit, { input: complaint({ anonymous: true, ...identity }) })).toBe("VALIDATION");
    expect(
      await errorCode(
        ts.app.url,
        Q.record,
        { input: { ...complaint({ anonymous: true, ...identity }), channel: "LETTER" } },
        city.tokens.instansi,
      ),
    ).toBe("VALIDATION");
    const anonymous = complaint({
      anonymous: true,
      complainantName: null,
      complainantContact: null,
      description: "Pungutan liar di loket perizinan.",
    });
    const portal = await ok(ts.app.url, Q.submit, { input: anonymous });
    const recorded = (await ok(ts.app.url, Q.record, { input: { ...anonymous, channel: "WALK_IN" } }, city.tokens.instansi))
      .recordComplaint;
    expect(recorded.case.complainant).toBeNull();
    expect(portal.submitComplaint.case.stage).toBe("DISPOSITION");
    const stored = await ts.app.dataSource.query(
      `SELECT complainant_name, complainant_contact FROM complaint_case WHERE tracking_number = ANY($1)`,
      [[portal.submitComplaint.trackingNumber, recorded.trackingNumber]],
    );
    expect(stored).toEqual([
      { complainant_name: null, complainant_contact: null },
      { complainant_name: null, complainant_contact: null },
    ]);
    for (const secret of [anonName, anonContact, "3141-5926"]) expect(await columnsContaining(secret)).toEqual([]);

    await ok(ts.app.url, Q.submit, {
      input: complaint({ complainantName: "Benediktus Lumbantobing", complainantContact: "0819-2718-2818" }),
    });
    expect(await columnsContaining("Benediktus Lumbantobing")).toEqual(["complaint_case.complainant_name"]);
    expect(await columnsContaining("0819-2718-2818")).toEqual(["complaint_case.complainant_contact"]);
  });

  it("a confidential complainant reaches the Admin Instansi only: queries, lists, board, caseChanged and exports", async () => {
    const name = "Rahmawati Siregar";
    const contact = "rahma.siregar@example.id";
    const subs = {
      instansi: await subscribe(ts.app.wsUrl, CHANGES, city.tokens.instansi),
      adminA: await subscribe(ts.app.wsUrl, CHANGES, city.tokens.adminA),
      liaisonA: await subscribe(ts.app.wsUrl, CHANGES, city.tokens.liaisonA),
      officerA: await subscribe(ts.app.wsUrl, CHANGES, city.tokens.officerA),
    };
    const input = { ...complaint({ confidential: true, complainantName: name, complainantContact: contact }), channel: "LAPOR" };
    const c = (await ok(ts.app.url, Q.record, { input }, city.tokens.instansi)).recordComplaint.case;
    expect(c.complainant).toEqual({ name, contact });
    const atA = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
    await ok(ts.app.url, Q.acknowledge, { id: atA.id, v: atA.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA);

    expect((await ok(ts.app.url, CASE, { id: c.id }, city.tokens.instansi)).case.complainant).toEqual({ name, contact });
    for (const who of ["adminA", "liaisonA", "officerA"] as const) {
      expect((await ok(ts.app.url, CASE, { id: c.id }, city.tokens[who])).case.complainant).toBeNull();
      const seen = JSON.stringify([await ok(ts.app.url, LIST, {}, city.tokens[who]), await ok(ts.app.url, BOARD, {}, city.tokens[who])]);
      expect(seen).toContain(c.id);
      expect(seen).not.toContain("Rahmawati");
      expect(seen).not.toContain(contact);
    }

    await subs.instansi.waitFor((ev) => ev.filter((e) => e.caseChanged.caseId === c.id).length === 3);
    for (const who of ["adminA", "liaisonA", "officerA"] as const) {
      await subs[who].waitFor((ev) => ev.filter((e) => e.caseChanged.caseId === c.id).length === 2);
      const mine = subs[who].events.filter((e) => e.caseChanged.caseId === c.id);
      expect(mine.map((e) => e.caseChanged.case.complainant)).toEqual([null, null]);
      expect(JSON.stringify(subs[who].events)).not.toContain("Rahmawati");
    }
    const forInstansi = subs.instansi.events.filter((e) => e.caseChanged.caseId === c.id);
    expect(forInstansi.map((e) => e.caseChanged.case.complainant)).toEqual([
      { name, contact },
      { name, contact },
      { name, contact },
    ]);
    await Promise.all(Object.values(subs).map((s) => s.close()));

    const display = (await ok(ts.app.url, DISPLAY, {}, city.tokens.instansi)).createDisplayToken.token;
    const countdown = await subscribe<any>(ts.app.wsUrl, COUNTDOWN, display);
    await countdown.waitFor((ev) => ev.length >= 1 || countdown.errors.length > 0);
    await countdown.close();
    expect(countdown.errors).toEqual([]);
    expect(countdown.events[0].slaCountdown.items.map((i: { caseId: string }) => i.caseId)).toContain(c.id);
    expect(JSON.stringify(countdown.events)).not.toMatch(/Rahmawati|rahma\.siregar|Siti Aminah|0812-0000-1111/);
    expect(await errorCode(ts.app.url, CASE, { id: c.id }, display)).toBe("FORBIDDEN");

    const exported = async (format: string, token: string) => {
      const res = await fetch(new URL(`/exports/cases.${format}`, ts.app.url), { headers: { authorization: `Bearer ${token}` } });
      if (format !== "xlsx" || res.status !== 200) return { status: res.status, text: await res.text() };
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      return { status: res.status, text: JSON.stringify(book.worksheets.map((ws) => ws.getSheetValues())) };
    };
    for (const format of ["csv", "json", "xlsx"]) {
      const forInstansi = await exported(format, city.tokens.instansi);
      expect(forInstansi.text).toContain(contact);
      for (const who of ["adminA", "liaisonA", "officerA"] as const) {
        const seen = await exported(format, city.tokens[who]);
        expect(seen.text).toContain(c.id);
        expect(seen.text).not.toMatch(/Rahmawati|rahma\.siregar/);
      }
      expect((await exported(format, display)).status).toBe(401);
    }
  });
});

describe("internal notes", () => {
  it("never reach the portal, Open311, a display token, or an API token without CASES_READ; never a subscription for tokens", async () => {
    const secret = "Catatan internal: pelapor kerabat kepala bidang";
    const r = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi)).recordComplaint;
    const f = (await ok(ts.app.url, Q.forward, { id: r.case.id, v: r.case.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
    const note = `mutation($id: ID!, $body: String!) { addCaseNote(caseId: $id, body: $body) { id } }`;
    await ok(ts.app.url, note, { id: f.id, body: secret }, city.tokens.adminA);
    const NOTES = `query($id: ID!) { case(id: $id) { notes { body } } }`;
    expect((await ok(ts.app.url, NOTES, { id: f.id }, city.tokens.officerA)).case.notes).toEqual([{ body: secret }]);

    const portal = await ok(
      ts.app.url,
      `query($tn: String!, $code: String!) { caseByTracking(trackingNumber: $tn, accessCode: $code) {
        trackingNumber title description stage opdName initialResponse answer timeline { action stage details } attachments { id fileName } } }`,
      { tn: r.trackingNumber, code: r.accessCode },
    );
    expect(portal.caseByTracking.trackingNumber).toBe(r.trackingNumber);
    expect(JSON.stringify(portal)).not.toContain("kerabat");
    const open311 = await Promise.all(
      [`/open311/v2/requests.json`, `/open311/v2/requests/${r.trackingNumber}.json`].map(async (path) => {
        const res = await fetch(new URL(path, ts.app.url));
        return { status: res.status, text: await res.text() };
      }),
    );
    expect(open311.map((o) => o.status)).toEqual([200, 200]);
    expect(open311[1].text).toContain(r.trackingNumber);
    for (const o of open311) expect(o.text).not.toContain("kerabat");

    const display = (await ok(ts.app.url, DISPLAY, {}, city.tokens.instansi)).createDisplayToken.token;
    expect(await errorCode(ts.app.url, NOTES, { id: f.id }, display)).toBe("FORBIDDEN");
    const token = async (scopes: string) =>
      (
        await ok(
          ts.app.url,
          `mutation { createApiToken(label: "Dasbor ${scopes}", role: ADMIN_INSTANSI, scopes: [${scopes}]) { token } }`,
          {},
          city.tokens.instansi,
        )
      ).createApiToken.token as string;
    const slaOnly = await token("SLA_READ");
    const reader = await token("CASES_READ, ACT");
    expect(await errorCode(ts.app.url, NOTES, { id: f.id }, slaOnly)).toBe("FORBIDDEN");
    expect((await ok(ts.app.url, NOTES, { id: f.id }, reader)).case.notes).toEqual([{ body: secret }]);
    expect(await errorCode(ts.app.url, note, { id: f.id, body: "dari token" }, reader)).toBe("FORBIDDEN");
    const LIVE = `subscription($id: ID!) { caseNoteAdded(caseId: $id) { body } }`;
    for (const who of [display, slaOnly, reader]) {
      const sub = await subscribe(ts.app.wsUrl, LIVE, who, { id: f.id });
      await ok(ts.app.url, note, { id: f.id, body: `${secret} (lagi)` }, city.tokens.adminA);
      await new Promise((done) => setTimeout(done, 200));
      await sub.close();
      expect(sub.events).toEqual([]);
      expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
    for (const format of ["csv", "json", "xlsx"]) {
      const res = await fetch(new URL(`/exports/cases.${format}`, ts.app.url), { headers: { authorization: `Bearer ${display}` } });
      expect(res.status).toBe(401);
      const sla = await fetch(new URL(`/exports/cases.${format}`, ts.app.url), { headers: { authorization: `Bearer ${slaOnly}` } });
      expect(sla.status).toBe(403);
    }
  });
});

describe("GraphQL responses", () => {
  it("are never stored by a browser or proxy: answers and refusals alike", async () => {
    const post = (query: string, token?: string) =>
      fetch(ts.app.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
    for (const res of [await post(BOARD, city.tokens.instansi), await post(BOARD), await post("{ nope }", city.tokens.instansi)]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });
});

describe("the access code", () => {
  it("is stored hashed: the plain code appears in no table", async () => {
    const portal = (await ok(ts.app.url, Q.submit, { input: complaint() })).submitComplaint;
    const recorded = (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint;
    for (const code of [portal.accessCode, recorded.accessCode]) {
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(await columnsContaining(code)).toEqual([]);
      expect(await columnsContaining(code.replace(/-/g, ""))).toEqual([]);
      expect(await columnsContaining(hashAccessCode(code))).toEqual(["complaint_case.access_code_hash"]);
    }
  });
});

describe("guessing tracking numbers and access codes", () => {
  let c: { trackingNumber: string; accessCode: string; version: number };

  beforeAll(async () => {
    const r = (await ok(ts.app.url, Q.submit, { input: complaint() })).submitComplaint;
    c = { trackingNumber: r.trackingNumber, accessCode: r.accessCode, version: r.case.version };
  });

  it("a wrong code and an unknown number both answer NOT_FOUND", async () => {
    expect(codeOf(await gqlFrom("127.0.0.2", Q.publicCase, { tn: c.trackingNumber, code: "AAAA-AAAA-AAAA" }))).toBe("NOT_FOUND");
    expect(codeOf(await gqlFrom("127.0.0.2", Q.publicCase, { tn: "ADU-2026-999999", code: c.accessCode }))).toBe("NOT_FOUND");
    expect(codeOf(await gqlFrom("127.0.0.2", Q.publicCase, { tn: c.trackingNumber, code: c.accessCode.toLowerCase() }))).toBe("OK");
  });

  it("per IP: the 6th try in 15 minutes is RATE_LIMITED, right code included, for every complainant operation; other IPs are unaffected", async () => {
    const ip = "127.0.0.3";
    for (let i = 0; i < 5; i++) {
      expect(codeOf(await gqlFrom(ip, Q.publicCase, { tn: `ADU-2026-90000${i}`, code: "AAAA-AAAA-AAAA" }))).toBe("NOT_FOUND");
    }
    const limited = await gqlFrom(ip, Q.publicCase, { tn: c.trackingNumber, code: c.accessCode });
    expect(codeOf(limited)).toBe("RATE_LIMITED");
    expect(limited.status).toBe(429);
    const retry = limited.errors![0].extensions!.retryAfterSeconds as number;
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect((limited as GqlResult & { retryAfter?: string }).retryAfter).toBe(String(retry));
    expect(codeOf(await gqlFrom(ip, Q.accept, { tn: c.trackingNumber, code: c.accessCode, v: c.version }))).toBe("RATE_LIMITED");
    expect(codeOf(await gqlFrom(ip, Q.reply, { tn: c.trackingNumber, code: c.accessCode, v: c.version, reply: "Belum" }))).toBe(
      "RATE_LIMITED",
    );

    expect(codeOf(await gqlFrom("127.0.0.4", Q.publicCase, { tn: c.trackingNumber, code: c.accessCode }))).toBe("OK");

    ts.clock.advanceHours(0.25);
    expect(codeOf(await gqlFrom(ip, Q.publicCase, { tn: c.trackingNumber, code: c.accessCode }))).toBe("OK");
  });

  it("per tracking number: 20 wrong codes from many IPs lock that case for everyone until the window passes", async () => {
    const target = (await ok(ts.app.url, Q.submit, { input: complaint() })).submitComplaint;
    for (let i = 0; i < 20; i++) {
      const r = await gqlFrom(`127.0.1.${10 + Math.floor(i / 4)}`, Q.publicCase, { tn: target.trackingNumber, code: "BBBB-BBBB-BBBB" });
      expect(codeOf(r)).toBe("NOT_FOUND");
    }
    expect(codeOf(await gqlFrom("127.0.2.1", Q.publicCase, { tn: target.trackingNumber, code: target.accessCode }))).toBe("RATE_LIMITED");
    expect(codeOf(await gqlFrom("127.0.2.1", Q.publicCase, { tn: c.trackingNumber, code: c.accessCode }))).toBe("OK");
    ts.clock.advanceHours(0.25);
    expect(codeOf(await gqlFrom("127.0.2.1", Q.publicCase, { tn: target.trackingNumber, code: target.accessCode }))).toBe("OK");
  });

  it("wrong codes on acceptAnswer and replyToAnswer count too, and change nothing", async () => {
    const atConfirmation = await caseAtConfirmation(ts.app.url, city);
    const tn = (
      await ok(ts.app.url, `query($id: ID!) { case(id: $id) { trackingNumber } }`, { id: atConfirmation.id }, city.tokens.instansi)
    ).case.trackingNumber;
    const ip = "127.0.0.5";
    for (let i = 0; i < 5; i++) {
      const q = i % 2 ? Q.accept : Q.reply;
      const r = await gqlFrom(ip, q, { tn, code: "CCCC-CCCC-CCCC", v: atConfirmation.version, reply: "Belum" });
      expect(codeOf(r)).toBe("NOT_FOUND");
    }
    expect(codeOf(await gqlFrom(ip, Q.publicCase, { tn: c.trackingNumber, code: c.accessCode }))).toBe("RATE_LIMITED");
    const after = (await ok(ts.app.url, Q.case, { id: atConfirmation.id }, city.tokens.instansi)).case;
    expect(after).toMatchObject({ stage: "CONFIRMATION", version: atConfirmation.version });
  });
});
