import { gql } from "./load.js";

export interface City {
  superuser: string;
  /** Signed-in Admin Instansi (city-wide). */
  instansi: string;
  /** Signed-in Admin OPD of `opdId`. */
  admin: string;
  /** API token of the Admin Instansi role, CASES_READ and ACT. */
  apiToken: string;
  opdId: string;
}

/** Staff on a server started by setup.ts (superuser bench:bench-password), on the generated OPD01 (or a new OPD). */
export async function setupCity(url: string): Promise<City> {
  const login = async (u: string, p = "bench-password") =>
    (await gql(url, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u, p })).login.token as string;
  const superuser = await login("bench");
  const opds = (await gql(url, `{ opds { id code } }`, {}, superuser)).opds as { id: string; code: string }[];
  const opdId =
    opds.find((o) => o.code === "OPD01")?.id ??
    (await gql(url, `mutation { createOpd(code: "OPD01", name: "Dinas Contoh 1") { id } }`, {}, superuser)).createOpd.id;
  for (const [username, role, opd] of [
    ["instansi", "ADMIN_INSTANSI", null],
    ["admin", "ADMIN_OPD", opdId],
  ]) {
    await gql(
      url,
      `mutation($u: String!, $r: Role!, $o: ID) { createUser(username: $u, displayName: $u, password: "bench-password", role: $r, opdId: $o) { user { id } } }`,
      { u: username, r: role, o: opd },
      superuser,
    );
  }
  const instansi = await login("instansi");
  const admin = await login("admin");
  const apiToken = (
    await gql(
      url,
      `mutation { createApiToken(label: "bench", role: ADMIN_INSTANSI, scopes: [CASES_READ, ACT], days: 1) { token } }`,
      {},
      instansi,
    )
  ).createApiToken.token as string;
  return { superuser, instansi, admin, apiToken, opdId };
}
