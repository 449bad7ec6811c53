import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, gql, ok } from "../support/client.js";
import { complaint, Q, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;

const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setOpdActive(opdId: $id, active: $active) { id code active } }`;
const OPDS = `{ opds { code active } }`;
const FIELDS = `id code name shortName contactEmail contactPhone active`;
const CREATE = `mutation($code: String!, $name: String!, $shortName: String, $contactEmail: String, $contactPhone: String) {
  createOpd(code: $code, name: $name, shortName: $shortName, contactEmail: $contactEmail, contactPhone: $contactPhone) { ${FIELDS} }
}`;
const UPDATE = `mutation($id: ID!, $code: String!, $name: String!, $shortName: String, $contactEmail: String, $contactPhone: String) {
  updateOpd(opdId: $id, code: $code, name: $name, shortName: $shortName, contactEmail: $contactEmail, contactPhone: $contactPhone) { ${FIELDS} }
}`;

/** The trail's rows about one OPD, oldest first, straight from the table. */
async function trailOf(opdId: string): Promise<{ action: string; actor_name: string; summary: string; before: unknown; after: unknown }[]> {
  return ts.app.dataSource.query(
    `SELECT action, actor_name, summary, before, after FROM admin_change WHERE subject_type = 'OPD' AND subject_id = $1 ORDER BY id`,
    [opdId],
  );
}

/** The first error's extensions of a request that must fail. */
async function refusal(query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, unknown>> {
  const r = await gql(ts.app.url, query, variables, token);
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return r.errors[0].extensions ?? {};
}

async function newCase(): Promise<{ id: string; version: number }> {
  return (await ok(ts.app.url, Q.record, { input: { ...complaint(), channel: "MPP" } }, city.tokens.instansi)).recordComplaint.case;
}

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("the superuser manages the OPD list", () => {
  it("deactivates and reactivates an OPD; others are refused", async () => {
    for (const who of ["instansi", "adminA", "liaisonA", "officerA"] as const) {
      expect(await errorCode(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false })).toBe("UNAUTHENTICATED");
    expect((await ok(ts.app.url, OPDS, {}, city.tokens.instansi)).opds).toContainEqual({ code: "DINKES", active: true });

    const off = await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens.superuser);
    expect(off.setOpdActive).toEqual({ id: city.opdB.id, code: "DINKES", active: false });
    expect((await ok(ts.app.url, OPDS, {}, city.tokens.instansi)).opds).toContainEqual({ code: "DINKES", active: false });

    const on = await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: true }, city.tokens.superuser);
    expect(on.setOpdActive.active).toBe(true);
  });

  it("answers NOT_FOUND and VALIDATION for unknown and malformed ids", async () => {
    expect(
      await errorCode(ts.app.url, SET_ACTIVE, { id: "00000000-0000-4000-8000-000000000000", active: false }, city.tokens.superuser),
    ).toBe("NOT_FOUND");
    expect(await errorCode(ts.app.url, SET_ACTIVE, { id: "nope", active: false }, city.tokens.superuser)).toBe("VALIDATION");
  });

  it("refuses forwarding to an inactive OPD with VALIDATION and changes nothing; active again, it works", async () => {
    const c = await newCase();
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens.superuser);
    expect(await errorCode(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).toBe("VALIDATION");
    const unchanged = (await ok(ts.app.url, Q.case, { id: c.id }, city.tokens.instansi)).case;
    expect(unchanged).toMatchObject({ stage: "DISPOSITION", version: c.version, opd: null });
    expect(unchanged.events).toHaveLength(1);

    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: true }, city.tokens.superuser);
    const moved = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).forwardToOpd;
    expect(moved).toMatchObject({ stage: "INITIAL_RESPONSE", opd: { code: "DINKES" } });
  });

  it("keeps running cases of a deactivated OPD workable", async () => {
    const c = await newCase();
    const atB = (await ok(ts.app.url, Q.forward, { id: c.id, v: c.version, opd: city.opdB.id }, city.tokens.instansi)).forwardToOpd;
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: false }, city.tokens.superuser);
    const acked = await ok(ts.app.url, Q.acknowledge, { id: atB.id, v: atB.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminB);
    expect(acked.acknowledgeComplaint.stage).toBe("ANALYSIS");
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdB.id, active: true }, city.tokens.superuser);
  });
});

describe("the superuser creates and edits an OPD", () => {
  const dishub = {
    code: "dishub",
    name: "Dinas Perhubungan",
    shortName: "Dishub",
    contactEmail: "dishub@samarindakota.go.id",
    contactPhone: "(0541) 741234",
  };

  it("creates one with a short name and contacts, written to the trail; others are refused and nothing is written", async () => {
    for (const who of ["instansi", "adminA", "liaisonA", "officerA"] as const) {
      expect(await errorCode(ts.app.url, CREATE, { ...dishub, code: "DISHUB" }, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await errorCode(ts.app.url, CREATE, dishub)).toBe("UNAUTHENTICATED");
    expect((await ok(ts.app.url, OPDS, {}, city.tokens.instansi)).opds.map((o: { code: string }) => o.code)).not.toContain("DISHUB");

    const made = (await ok(ts.app.url, CREATE, dishub, city.tokens.superuser)).createOpd;
    expect(made).toMatchObject({ ...dishub, code: "DISHUB", active: true });
    expect(await trailOf(made.id)).toEqual([
      {
        action: "OPD_CREATED",
        actor_name: "superuser",
        summary: "DISHUB — Dinas Perhubungan",
        before: null,
        after: {
          code: "DISHUB",
          name: "Dinas Perhubungan",
          shortName: "Dishub",
          contactEmail: dishub.contactEmail,
          contactPhone: dishub.contactPhone,
          active: true,
        },
      },
    ]);
    expect(await refusal(CREATE, { ...dishub, name: "Lain" }, city.tokens.superuser)).toMatchObject({ code: "CONFLICT", field: "code" });
  });

  it("answers VALIDATION naming the field for bad input, and writes nothing", async () => {
    const before = (await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM admin_change`))[0].n;
    const bad: [Record<string, unknown>, string][] = [
      [{ code: " " }, "code"],
      [{ code: "DIS HUB" }, "code"],
      [{ code: "X".repeat(33) }, "code"],
      [{ name: "" }, "name"],
      [{ shortName: "S".repeat(61) }, "shortName"],
      [{ contactEmail: "dishub-at-samarinda" }, "contactEmail"],
      [{ contactEmail: "dishub@localhost" }, "contactEmail"],
      [{ contactPhone: "telepon kantor" }, "contactPhone"],
      [{ contactPhone: "12345" }, "contactPhone"],
      [{ contactPhone: "+62 812 3456 7890 1234" }, "contactPhone"],
    ];
    for (const [change, field] of bad) {
      expect(await refusal(CREATE, { ...dishub, code: "BARU", ...change }, city.tokens.superuser), JSON.stringify(change)).toMatchObject({
        code: "VALIDATION",
        field,
      });
    }
    expect((await ts.app.dataSource.query(`SELECT count(*)::int AS n FROM admin_change`))[0].n).toBe(before);
    expect(await ts.app.dataSource.query(`SELECT 1 FROM opd WHERE code = 'BARU'`)).toEqual([]);
  });

  it("edits name, code, short name and contacts; a taken code is CONFLICT on code; the trail keeps before and after", async () => {
    const id = city.opdB.id;
    const edit = {
      id,
      code: "dinkes",
      name: "Dinas Kesehatan Kota Samarinda",
      shortName: "Dinkes",
      contactEmail: "dinkes@samarindakota.go.id",
      contactPhone: "+62 541 123456",
    };
    for (const who of ["instansi", "adminB", "liaisonB"] as const) {
      expect(await errorCode(ts.app.url, UPDATE, edit, city.tokens[who])).toBe("FORBIDDEN");
    }
    expect(await refusal(UPDATE, { ...edit, code: "DISKOPUKMP" }, city.tokens.superuser)).toMatchObject({
      code: "CONFLICT",
      field: "code",
    });
    expect(await refusal(UPDATE, { ...edit, id: "00000000-0000-4000-8000-000000000000" }, city.tokens.superuser)).toMatchObject({
      code: "NOT_FOUND",
      field: "opdId",
    });
    expect(await refusal(UPDATE, { ...edit, contactEmail: "x@" }, city.tokens.superuser)).toMatchObject({
      code: "VALIDATION",
      field: "contactEmail",
    });
    const untouched = await trailOf(id);

    const edited = (await ok(ts.app.url, UPDATE, edit, city.tokens.superuser)).updateOpd;
    expect(edited).toMatchObject({ ...edit, code: "DINKES", active: true });
    // The same edit again changes nothing and writes nothing.
    await ok(ts.app.url, UPDATE, edit, city.tokens.superuser);
    const trail = await trailOf(id);
    expect(trail.slice(untouched.length)).toEqual([
      {
        action: "OPD_UPDATED",
        actor_name: "superuser",
        summary: "DINKES — Dinas Kesehatan Kota Samarinda",
        before: { code: "DINKES", name: "Dinas Kesehatan", shortName: null, contactEmail: null, contactPhone: null, active: true },
        after: {
          code: "DINKES",
          name: edit.name,
          shortName: "Dinkes",
          contactEmail: edit.contactEmail,
          contactPhone: edit.contactPhone,
          active: true,
        },
      },
    ]);

    // Optional fields left out are cleared; a case forwarded to it names it as it is now.
    const cleared = (await ok(ts.app.url, UPDATE, { id, code: "DINKES", name: "Dinas Kesehatan" }, city.tokens.superuser)).updateOpd;
    expect(cleared).toMatchObject({ name: "Dinas Kesehatan", shortName: null, contactEmail: null, contactPhone: null });
    const c = await newCase();
    const forwarded = await ok(
      ts.app.url,
      `mutation($id: ID!, $v: Int!, $opd: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $opd) { opd { name shortName } } }`,
      { id: c.id, v: c.version, opd: id },
      city.tokens.instansi,
    );
    expect(forwarded.forwardToOpd.opd).toEqual({ name: "Dinas Kesehatan", shortName: null });
  });

  it("writes a deactivation and an activation to the trail, and nothing for the state it already has", async () => {
    const id = city.opdA.id;
    const start = (await trailOf(id)).length;
    await ok(ts.app.url, SET_ACTIVE, { id, active: true }, city.tokens.superuser);
    await ok(ts.app.url, SET_ACTIVE, { id, active: false }, city.tokens.superuser);
    await ok(ts.app.url, SET_ACTIVE, { id, active: false }, city.tokens.superuser);
    await ok(ts.app.url, SET_ACTIVE, { id, active: true }, city.tokens.superuser);
    expect((await trailOf(id)).slice(start)).toEqual([
      {
        action: "OPD_DEACTIVATED",
        actor_name: "superuser",
        summary: "DISKOPUKMP — Dinas Koperasi, UKM dan Perindustrian",
        before: { active: true },
        after: { active: false },
      },
      {
        action: "OPD_ACTIVATED",
        actor_name: "superuser",
        summary: "DISKOPUKMP — Dinas Koperasi, UKM dan Perindustrian",
        before: { active: false },
        after: { active: true },
      },
    ]);
  });

  it("tells the console why forwarding to an inactive OPD is refused", async () => {
    const c = await newCase();
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdA.id, active: false }, city.tokens.superuser);
    expect(await refusal(Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).toEqual({
      code: "VALIDATION",
      field: "opdId",
      reason: "OPD_INACTIVE",
    });
    await ok(ts.app.url, SET_ACTIVE, { id: city.opdA.id, active: true }, city.tokens.superuser);
  });
});
