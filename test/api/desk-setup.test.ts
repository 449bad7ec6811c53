import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, ok } from "../support/client.js";
import { startTestServer, type TestServer } from "../support/server.js";

const REQUIRED = `{ setupRequired }`;
const SET_UP = `mutation($c: String!, $u: String!, $n: String!, $p: String!) {
  setUpDesk(code: $c, username: $u, displayName: $n, password: $p) { token user { username role active mustChangePassword } } }`;
const PASSWORD = "tepian-mahakam-42";

let ts: TestServer;

const setUp = (vars: { c?: string; u?: string; n?: string; p?: string }) =>
  gql(ts.app.url, SET_UP, { c: ts.app.setupCode ?? "", u: "kepala.desk", n: "Kepala Desk", p: PASSWORD, ...vars });
const accounts = async () => Number((await ts.app.dataSource.query(`SELECT count(*) AS n FROM app_user`))[0].n);

beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts?.stop());

describe("setting up an empty desk from the console", () => {
  it("says an empty desk needs setting up, to anyone, and logs a code of the one-time password's shape", async () => {
    expect((await ok(ts.app.url, REQUIRED)).setupRequired).toBe(true);
    expect(ts.app.setupCode).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  });

  it("refuses another code, a weak password and a bad username, and makes nothing", async () => {
    const wrong = await setUp({ c: "aaaa-bbbb-cccc" });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "WRONG_SETUP_CODE", field: "code" });
    const weak = await setUp({ p: "kepala.desk-123" });
    expect(weak.errors?.[0].extensions).toMatchObject({ code: "VALIDATION", reason: "CONTAINS_USERNAME", field: "password" });
    const short = await setUp({ p: "pendek" });
    expect(short.errors?.[0].extensions).toMatchObject({ code: "VALIDATION", reason: "TOO_SHORT" });
    const badName = await setUp({ u: "Kepala Desk!" });
    expect(badName.errors?.[0].extensions).toMatchObject({ code: "VALIDATION", field: "username" });
    expect(await accounts()).toBe(0);
    expect((await ok(ts.app.url, REQUIRED)).setupRequired).toBe(true);
  });

  it("makes one superuser of two setups at the same moment, signs it in, and records it on the trail", async () => {
    const [a, b] = await Promise.all([setUp({ u: "kepala.desk" }), setUp({ u: "wakil.desk" })]);
    const won = [a, b].filter((r) => !r.errors);
    const lost = [a, b].filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost[0].errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_SET_UP" });
    const payload = won[0].data!.setUpDesk;
    expect(payload.user).toMatchObject({ role: "SUPERUSER", active: true, mustChangePassword: false });
    expect((await ok(ts.app.url, `{ me { username role } }`, {}, payload.token)).me).toEqual({
      username: payload.user.username,
      role: "SUPERUSER",
    });
    expect(await accounts()).toBe(1);
    const trail = await ts.app.dataSource.query(`SELECT action, actor_name FROM admin_change WHERE action = 'USER_CREATED'`);
    expect(trail).toHaveLength(1);
  });

  it("is closed once the desk has an account, whatever the code", async () => {
    expect((await ok(ts.app.url, REQUIRED)).setupRequired).toBe(false);
    const again = await setUp({ u: "orang.lain" });
    expect(again.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_SET_UP" });
    expect(await accounts()).toBe(1);
  });
});
