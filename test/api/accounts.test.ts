import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../server/src/app/demo-seed.js";
import { gql, ok, openSubscription, subscribe } from "../support/client.js";
import { login, setupCity, type City } from "../support/fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";

let ts: TestServer;
let city: City;
let serial = 0;

const USER = `id username displayName role opd { id code } active mustChangePassword lastSignInAt`;
const CREATE = `mutation($u: String!, $n: String!, $r: Role!, $o: ID, $p: String) {
  createUser(username: $u, displayName: $n, role: $r, opdId: $o, password: $p) { oneTimePassword user { ${USER} } } }`;
const UPDATE = `mutation($id: ID!, $n: String!, $r: Role!, $o: ID) { updateUser(id: $id, displayName: $n, role: $r, opdId: $o) { ${USER} } }`;
const ACTIVE = `mutation($id: ID!, $a: Boolean!) { setUserActive(id: $id, active: $a) { ${USER} } }`;
const RESET = `mutation($id: ID!) { resetUserPassword(id: $id) { oneTimePassword user { ${USER} } } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { ${USER} } }`;
const LIST = `query($s: String, $r: Role, $o: ID, $a: Boolean) { users(search: $s, role: $r, opdId: $o, active: $a) { ${USER} } }`;
const SESSIONS = `{ mySessions { id signedInAt expiresAt current clientIp } }`;
const BOARD = `{ board(perColumn: 1) { columns { stage } } }`;
const ALERTS = `subscription { slaAlerts { kind caseId } }`;

type Made = { oneTimePassword: string | null; user: { id: string; username: string; mustChangePassword: boolean } };

async function refusal(query: string, variables: Record<string, unknown>, token?: string) {
  const r = await gql(ts.app.url, query, variables, token);
  if (!r.errors?.length) throw new Error(`expected a refusal, got ${JSON.stringify(r.data)}`);
  return { status: r.status, ...r.errors[0].extensions };
}

async function make(role: string, opd: string | null, by = city.tokens.superuser, password?: string): Promise<Made> {
  serial += 1;
  const vars = { u: `akun.${serial}`, n: `Akun Uji ${serial}`, r: role, o: opd, p: password ?? null };
  return (await ok(ts.app.url, CREATE, vars, by)).createUser;
}

/** An account signed in with a password of its own (changed from the one-time password). */
async function ready(role: string, opd: string | null): Promise<{ id: string; username: string; token: string; password: string }> {
  const made = await make(role, opd);
  const password = `kata-sandi-baru-${serial}`;
  const first = await login(ts.app.url, made.user.username, made.oneTimePassword!);
  await ok(ts.app.url, CHANGE, { c: made.oneTimePassword, n: password }, first);
  return { id: made.user.id, username: made.user.username, token: first, password };
}

const trail = (subject: string) =>
  ts.app.dataSource.query(`SELECT action, actor_name, summary, before, after FROM admin_change WHERE subject_id = $1 ORDER BY id`, [
    subject,
  ]);
const counts = async () =>
  JSON.stringify(await ts.app.dataSource.query(`SELECT (SELECT count(*) FROM app_user) u, (SELECT count(*) FROM admin_change) c`));

beforeAll(async () => {
  ts = await startTestServer();
  city = await setupCity(ts);
});
afterAll(() => ts?.stop());

describe("own password and sessions", () => {
  it("lists my sessions with their sign-in time and marks this one", async () => {
    const a = await ready("OFFICER", city.opdA.id);
    const second = await login(ts.app.url, a.username, a.password);
    const { mySessions } = await ok(ts.app.url, SESSIONS, {}, second);
    expect(mySessions).toHaveLength(2);
    expect(mySessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const newest = mySessions
      .map((s: { signedInAt: string }) => s.signedInAt)
      .sort()
      .at(-1);
    expect(Date.parse(newest)).toBeLessThanOrEqual(ts.clock.now().getTime());
    const listed = (await ok(ts.app.url, LIST, { s: a.username }, city.tokens.superuser)).users;
    expect(listed).toEqual([expect.objectContaining({ username: a.username, lastSignInAt: newest })]);
  });

  it("refuses a wrong current password and every weak new one, changing nothing", async () => {
    const a = await ready("OFFICER", city.opdA.id);
    const before = await counts();
    expect(await refusal(CHANGE, { c: "bukan-sandinya", n: "sungai-mahakam-pagi" }, a.token)).toMatchObject({
      code: "VALIDATION",
      field: "currentPassword",
      reason: "WRONG_PASSWORD",
    });
    const weak = {
      pendek123: "TOO_SHORT",
      [`x-${a.username.toUpperCase()}-x`]: "CONTAINS_USERNAME",
      bismillah123: "TOO_COMMON",
      "Samarinda2026!": "TOO_COMMON",
      sayangku123: "TOO_COMMON",
      Indonesia1945: "TOO_COMMON",
      demo12345678: "TOO_COMMON",
    };
    for (const [n, reason] of Object.entries(weak)) {
      expect(await refusal(CHANGE, { c: a.password, n }, a.token), n).toMatchObject({ code: "VALIDATION", field: "newPassword", reason });
    }
    expect(await counts()).toBe(before);
    await login(ts.app.url, a.username, a.password);
  });

  it("a change keeps this session, ends the others, and is recorded without the password", async () => {
    const a = await ready("LIAISON", city.opdA.id);
    const other = await login(ts.app.url, a.username, a.password);
    const changed = (await ok(ts.app.url, CHANGE, { c: a.password, n: "sungai-mahakam-pagi" }, a.token)).changePassword;
    expect(changed.mustChangePassword).toBe(false);
    expect((await ok(ts.app.url, `{ me { username } }`, {}, a.token)).me.username).toBe(a.username);
    expect(await refusal(`{ me { id } }`, {}, other)).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(
      (await gql(ts.app.url, `mutation { login(username: "${a.username}", password: "${a.password}") { token } }`)).errors?.[0].extensions
        ?.code,
    ).toBe("UNAUTHENTICATED");
    await login(ts.app.url, a.username, "sungai-mahakam-pagi");
    const rows = await trail(a.id);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(["USER_CREATED", "USER_PASSWORD_CHANGED", "USER_PASSWORD_CHANGED"]);
    expect(JSON.stringify(rows)).not.toContain("sungai-mahakam-pagi");
    expect(rows[2]).toMatchObject({ actor_name: a.username, after: { password: "[disembunyikan]", sessionsEnded: 1 } });
  });

  it("sign out ends this session; endOtherSessions and endSession end the others", async () => {
    const a = await ready("OFFICER", city.opdA.id);
    const b = await login(ts.app.url, a.username, a.password);
    const c = await login(ts.app.url, a.username, a.password);
    expect((await ok(ts.app.url, `mutation { endOtherSessions }`, {}, c)).endOtherSessions).toBe(2);
    for (const gone of [a.token, b]) expect(await refusal(`{ me { id } }`, {}, gone)).toMatchObject({ code: "UNAUTHENTICATED" });
    const d = await login(ts.app.url, a.username, a.password);
    const dId = (await ok(ts.app.url, SESSIONS, {}, d)).mySessions.find((s: { current: boolean }) => s.current).id;
    await ok(ts.app.url, `mutation($id: ID!) { endSession(id: $id) { id } }`, { id: dId }, c);
    expect(await refusal(`{ me { id } }`, {}, d)).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await refusal(`mutation($id: ID!) { endSession(id: $id) { id } }`, { id: dId }, city.tokens.adminA)).toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await ok(ts.app.url, `mutation { signOut }`, {}, c)).signOut).toBe(true);
    expect(await refusal(`{ me { id } }`, {}, c)).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("guessing the current password", () => {
  it("counts against the sign-in limits: once blocked, even the right one is RATE_LIMITED", async () => {
    const a = await ready("OFFICER", city.opdA.id);
    let code: unknown;
    for (let i = 0; i < 11 && code !== "RATE_LIMITED"; i++)
      code = (await refusal(CHANGE, { c: `tebakan-${i}`, n: "sungai-mahakam-sore" }, a.token)).code;
    expect(code).toBe("RATE_LIMITED");
    expect(await refusal(CHANGE, { c: a.password, n: "sungai-mahakam-sore" }, a.token)).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
    });
    ts.clock.advanceHours(1);
    await ok(ts.app.url, CHANGE, { c: a.password, n: "sungai-mahakam-sore" }, a.token);
  });
});

describe("a one-time password", () => {
  it("a new account gets one, shown once, and may only read me and change its password until it does", async () => {
    const made = await make("ADMIN_OPD", city.opdA.id);
    expect(made.oneTimePassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(made.user.mustChangePassword).toBe(true);
    const token = await login(ts.app.url, made.user.username, made.oneTimePassword!);
    expect((await ok(ts.app.url, `{ me { username mustChangePassword } }`, {}, token)).me.mustChangePassword).toBe(true);
    expect(await refusal(BOARD, {}, token)).toMatchObject({ code: "PASSWORD_CHANGE_REQUIRED", status: 403 });
    expect(await refusal(`{ me { id } mySessions { id } }`, {}, token)).toMatchObject({ code: "PASSWORD_CHANGE_REQUIRED" });
    const sub = await subscribe(ts.app.wsUrl, ALERTS, token);
    await sub.waitFor(() => sub.errors.length > 0);
    expect(sub.errors[0]).toMatchObject({ extensions: { code: "PASSWORD_CHANGE_REQUIRED" } });
    await sub.close();
    const csv = await fetch(new URL(`/exports/cases.csv?opdId=${city.opdA.id}`, ts.app.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.status).toBe(403);
    expect((await csv.json()).error.code).toBe("PASSWORD_CHANGE_REQUIRED");
    await ok(ts.app.url, CHANGE, { c: made.oneTimePassword, n: "tepian-mahakam-2026" }, token);
    expect((await ok(ts.app.url, BOARD, {}, token)).board.columns.length).toBeGreaterThan(0);
  });

  it("a reset ends the account's sessions and subscriptions, and the old password stops working", async () => {
    const a = await ready("OFFICER", city.opdA.id);
    const open = await openSubscription(ts.app.wsUrl, ALERTS, a.token);
    const { resetUserPassword: r } = await ok(ts.app.url, RESET, { id: a.id }, city.tokens.instansi);
    expect(r.user.mustChangePassword).toBe(true);
    expect(await open.closed).toBe(4403);
    expect(await refusal(`{ me { id } }`, {}, a.token)).toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(login(ts.app.url, a.username, a.password)).rejects.toThrow(/UNAUTHENTICATED/);
    const token = await login(ts.app.url, a.username, r.oneTimePassword);
    expect(await refusal(BOARD, {}, token)).toMatchObject({ code: "PASSWORD_CHANGE_REQUIRED" });
    const rows = await trail(a.id);
    expect(rows.at(-1)).toMatchObject({ action: "USER_PASSWORD_RESET", actor_name: "instansi", after: { password: "[disembunyikan]" } });
    expect(JSON.stringify(rows)).not.toContain(r.oneTimePassword);
  });

  it("a password given at creation must pass the policy and is not forced to change", async () => {
    expect(
      await refusal(CREATE, { u: "siti.pendek", n: "Siti", r: "OFFICER", o: city.opdA.id, p: "samarinda1" }, city.tokens.superuser),
    ).toMatchObject({
      code: "VALIDATION",
      field: "password",
    });
    const made = await make("OFFICER", city.opdA.id, city.tokens.superuser, "rumah-lamin-kayu");
    expect(made).toMatchObject({ oneTimePassword: null, user: { mustChangePassword: false } });
    const token = await login(ts.app.url, made.user.username, "rumah-lamin-kayu");
    await ok(ts.app.url, BOARD, {}, token);
  });
});

describe("administering accounts", () => {
  it("deactivating ends the account's sessions and subscriptions at once; reactivating lets it sign in again", async () => {
    const a = await ready("ADMIN_OPD", city.opdA.id);
    const open = await openSubscription(ts.app.wsUrl, ALERTS, a.token);
    const done = (await ok(ts.app.url, ACTIVE, { id: a.id, a: false }, city.tokens.superuser)).setUserActive;
    expect(done.active).toBe(false);
    expect(await open.closed).toBe(4403);
    expect(await refusal(`{ me { id } }`, {}, a.token)).toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(login(ts.app.url, a.username, a.password)).rejects.toThrow(/UNAUTHENTICATED/);
    await ok(ts.app.url, ACTIVE, { id: a.id, a: true }, city.tokens.superuser);
    await login(ts.app.url, a.username, a.password);
    expect((await trail(a.id)).map((r: { action: string }) => r.action).slice(-2)).toEqual(["USER_DEACTIVATED", "USER_REACTIVATED"]);
  });

  it("edits name, role and OPD; a role or OPD change ends the account's sessions, a name change does not", async () => {
    const a = await ready("OFFICER", city.opdA.id);
    const renamed = (
      await ok(ts.app.url, UPDATE, { id: a.id, n: "Petugas Bidang Koperasi", r: "OFFICER", o: city.opdA.id }, city.tokens.instansi)
    ).updateUser;
    expect(renamed.displayName).toBe("Petugas Bidang Koperasi");
    await ok(ts.app.url, `{ me { id } }`, {}, a.token);
    const moved = (
      await ok(ts.app.url, UPDATE, { id: a.id, n: "Petugas Bidang Koperasi", r: "LIAISON", o: city.opdB.id }, city.tokens.instansi)
    ).updateUser;
    expect(moved).toMatchObject({ role: "LIAISON", opd: { code: "DINKES" } });
    expect(await refusal(`{ me { id } }`, {}, a.token)).toMatchObject({ code: "UNAUTHENTICATED" });
    const rows = await trail(a.id);
    expect(rows.at(-1)).toMatchObject({
      action: "USER_UPDATED",
      before: { role: "OFFICER" },
      after: { role: "LIAISON", sessionsEnded: 1 },
    });
    expect(rows.at(-1).summary).toBe(`${a.username} (Pejabat Penghubung, DINKES)`);
  });

  it("a taken username is CONFLICT on username; a role without its OPD is VALIDATION; nothing is written", async () => {
    const before = await counts();
    expect(await refusal(CREATE, { u: "AdminA", n: "Lagi", r: "OFFICER", o: city.opdA.id }, city.tokens.superuser)).toMatchObject({
      code: "CONFLICT",
      field: "username",
    });
    expect(await refusal(CREATE, { u: "tanpa.opd", n: "Tanpa OPD", r: "OFFICER", o: null }, city.tokens.superuser)).toMatchObject({
      code: "VALIDATION",
      field: "opdId",
    });
    expect(await refusal(CREATE, { u: "bukan nama", n: "Spasi", r: "OFFICER", o: city.opdA.id }, city.tokens.superuser)).toMatchObject({
      code: "VALIDATION",
      field: "username",
    });
    expect(await counts()).toBe(before);
  });

  it("the Admin Instansi manages OPD staff only, and sees only them", async () => {
    const listed = (await ok(ts.app.url, LIST, {}, city.tokens.instansi)).users as { role: string }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((u) => ["ADMIN_OPD", "LIAISON", "OFFICER"].includes(u.role))).toBe(true);
    const before = await counts();
    for (const role of ["ADMIN_INSTANSI", "SUPERUSER"]) {
      expect(await refusal(CREATE, { u: `kota.${role.toLowerCase()}`, n: "Kota", r: role, o: null }, city.tokens.instansi)).toMatchObject({
        code: "FORBIDDEN",
        reason: "CITY_ROLE",
      });
    }
    const su = (await ok(ts.app.url, LIST, { s: "superuser" }, city.tokens.superuser)).users[0];
    for (const [q, v] of [
      [ACTIVE, { id: su.id, a: false }],
      [RESET, { id: su.id }],
      [UPDATE, { id: su.id, n: "Diturunkan", r: "OFFICER", o: city.opdA.id }],
    ] as const) {
      expect(await refusal(q, v, city.tokens.instansi)).toMatchObject({ code: "FORBIDDEN" });
    }
    const officer = (await ok(ts.app.url, LIST, { s: "officera" }, city.tokens.instansi)).users[0];
    expect(await refusal(UPDATE, { id: officer.id, n: "Naik", r: "ADMIN_INSTANSI", o: null }, city.tokens.instansi)).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await counts()).toBe(before);
  });

  it("filters by search, role, OPD and active, and never lists API tokens' service accounts", async () => {
    await ok(
      ts.app.url,
      `mutation { createApiToken(label: "Dasbor", role: ADMIN_INSTANSI, scopes: [SLA_READ]) { token } }`,
      {},
      city.tokens.instansi,
    );
    const all = (await ok(ts.app.url, LIST, {}, city.tokens.superuser)).users as {
      username: string;
      role: string;
      active: boolean;
      opd: { id: string } | null;
    }[];
    expect(all.some((u) => u.username.startsWith("api:"))).toBe(false);
    const admins = (await ok(ts.app.url, LIST, { r: "ADMIN_OPD", o: city.opdB.id }, city.tokens.superuser)).users;
    expect(admins.map((u: { username: string }) => u.username)).toEqual(["adminb"]);
    expect((await ok(ts.app.url, LIST, { s: "User LIAISON" }, city.tokens.superuser)).users).toHaveLength(2);
    const inactive = (await ok(ts.app.url, LIST, { a: false }, city.tokens.superuser)).users as { active: boolean }[];
    expect(inactive.every((u) => !u.active)).toBe(true);
  });

  it("nobody changes their own role, deactivates or resets themselves", async () => {
    const su = (await ok(ts.app.url, LIST, { s: "superuser" }, city.tokens.superuser)).users[0];
    expect(await refusal(UPDATE, { id: su.id, n: "Saya", r: "ADMIN_INSTANSI", o: null }, city.tokens.superuser)).toMatchObject({
      code: "FORBIDDEN",
      reason: "OWN_ROLE",
    });
    expect(await refusal(ACTIVE, { id: su.id, a: false }, city.tokens.superuser)).toMatchObject({
      code: "FORBIDDEN",
      reason: "OWN_ACCOUNT",
    });
    expect(await refusal(RESET, { id: su.id }, city.tokens.superuser)).toMatchObject({ code: "FORBIDDEN", reason: "OWN_ACCOUNT" });
    const renamed = (await ok(ts.app.url, UPDATE, { id: su.id, n: "Superadmin Kota", r: "SUPERUSER", o: null }, city.tokens.superuser))
      .updateUser;
    expect(renamed.displayName).toBe("Superadmin Kota");
  });

  it("two superusers deactivating each other at once leave one active superuser", async () => {
    const other = await ready("SUPERUSER", null);
    const me = (await ok(ts.app.url, LIST, { s: "superuser" }, city.tokens.superuser)).users.find(
      (u: { username: string }) => u.username === "superuser",
    );
    const results = await Promise.all([
      gql(ts.app.url, ACTIVE, { id: other.id, a: false }, city.tokens.superuser),
      gql(ts.app.url, ACTIVE, { id: me.id, a: false }, other.token),
    ]);
    const refused = results.filter((r) => r.errors?.length);
    expect(refused).toHaveLength(1);
    expect(["LAST_SUPERUSER", undefined]).toContain(refused[0].errors![0].extensions?.reason);
    const [{ n }] = await ts.app.dataSource.query(`SELECT count(*)::int n FROM app_user WHERE role = 'SUPERUSER' AND active`);
    expect(n).toBe(1);
    const lastToken = results[0].errors?.length ? other.token : city.tokens.superuser;
    const lastOne = results[0].errors?.length ? other.id : me.id;
    expect(await refusal(ACTIVE, { id: lastOne, a: false }, lastToken)).toMatchObject({ code: "FORBIDDEN", reason: "OWN_ACCOUNT" });
    city.tokens.superuser = lastToken;
  });

  it("OPD staff and a display token may not list or manage accounts", async () => {
    for (const token of [city.tokens.adminA, city.tokens.liaisonA, city.tokens.officerA]) {
      expect(await refusal(LIST, {}, token)).toMatchObject({ code: "FORBIDDEN" });
      expect(await refusal(CREATE, { u: "x.y", n: "X", r: "OFFICER", o: city.opdA.id }, token)).toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

describe("the demo in production", () => {
  it("its accounts must choose their own password at first sign-in", async () => {
    const prod = await startTestServer({ seedDemo: true, env: { NODE_ENV: "production" } });
    try {
      const token = await login(prod.app.url, DEMO_USERS[2].username, DEMO_PASSWORD);
      expect((await ok(prod.app.url, `{ me { mustChangePassword } }`, {}, token)).me.mustChangePassword).toBe(true);
      const r = await gql(prod.app.url, BOARD, {}, token);
      expect(r.errors?.[0].extensions?.code).toBe("PASSWORD_CHANGE_REQUIRED");
      await ok(prod.app.url, CHANGE, { c: DEMO_PASSWORD, n: "jembatan-mahakam-ulu" }, token);
      await ok(prod.app.url, BOARD, {}, token);
    } finally {
      await prod.stop();
    }
  }, 120_000);
});
