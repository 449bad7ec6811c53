import { randomUUID } from "node:crypto";
import { Opd } from "../../server/src/auth/opd.entity.js";
import { Role } from "../../server/src/sop/sop.definition.js";
import { ok } from "./client.js";
import type { TestServer } from "./server.js";

export const PASSWORD = "rahasia-uji-123";

export interface City {
  opdA: Opd;
  opdB: Opd;
  tokens: Record<"instansi" | "adminA" | "liaisonA" | "officerA" | "adminB" | "liaisonB" | "superuser", string>;
}

const PEOPLE = [
  ["instansi", Role.ADMIN_INSTANSI, null],
  ["adminA", Role.ADMIN_OPD, "A"],
  ["liaisonA", Role.LIAISON, "A"],
  ["officerA", Role.OFFICER, "A"],
  ["adminB", Role.ADMIN_OPD, "B"],
  ["liaisonB", Role.LIAISON, "B"],
  ["superuser", Role.SUPERUSER, null],
] as const;

/** Two OPDs and one account per role, signed in through the real login mutation. */
export async function setupCity(ts: TestServer): Promise<City> {
  const repo = ts.app.dataSource.getRepository(Opd);
  const opdA = await repo.save({ id: randomUUID(), code: "DISKOPUKMP", name: "Dinas Koperasi, UKM dan Perindustrian", active: true });
  const opdB = await repo.save({ id: randomUUID(), code: "DINKES", name: "Dinas Kesehatan", active: true });
  const tokens = {} as City["tokens"];
  for (const [key, role, opd] of PEOPLE) {
    await ts.app.services.accounts.insertUser({
      username: key.toLowerCase(),
      displayName: `User ${key}`,
      password: PASSWORD,
      role,
      opdId: opd === "A" ? opdA.id : opd === "B" ? opdB.id : null,
    });
    tokens[key] = await login(ts.app.url, key.toLowerCase());
  }
  return { opdA, opdB, tokens };
}

/** Moves the clock and signs everyone in again, since tokens expire on the same clock. */
export async function advanceHours(ts: TestServer, city: City, hours: number): Promise<void> {
  ts.clock.advanceHours(hours);
  await signInAll(ts.app.url, city);
}

/** Signs everyone in through `url`, whose server may run on another clock. */
export async function signInAll(url: string, city: City): Promise<void> {
  for (const key of Object.keys(city.tokens) as (keyof City["tokens"])[]) city.tokens[key] = await login(url, key.toLowerCase());
}

export async function login(url: string, username: string, password = PASSWORD): Promise<string> {
  const data = await ok<{ login: { token: string } }>(
    url,
    `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
    { u: username, p: password },
  );
  return data.login.token;
}

export const CASE_FIELDS = `id trackingNumber stage round version opd { id code } closedByRole closingReason rating
  complainant { name contact } availableActions stageDueAt`;

export const Q = {
  submit: `mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { trackingNumber accessCode case { stage version } } }`,
  record: `mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { trackingNumber accessCode case { ${CASE_FIELDS} } } }`,
  case: `query($id: ID!) { case(id: $id) { ${CASE_FIELDS} visits { stage round enteredAt dueAt doneAt outcome slaMet } events { action actorRole fromStage toStage version inputs } } }`,
  forward: `mutation($id: ID!, $v: Int!, $opd: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $opd) { ${CASE_FIELDS} } }`,
  reject: `mutation($id: ID!, $v: Int!, $reason: String!) { rejectComplaint(caseId: $id, expectedVersion: $v, reason: $reason) { ${CASE_FIELDS} } }`,
  transfer: `mutation($id: ID!, $v: Int!, $reason: String!, $dest: String!) { transferOut(caseId: $id, expectedVersion: $v, reason: $reason, destination: $dest) { ${CASE_FIELDS} } }`,
  acknowledge: `mutation($id: ID!, $v: Int!, $ir: String!, $rm: String!) { acknowledgeComplaint(caseId: $id, expectedVersion: $v, initialResponse: $ir, reportMaterial: $rm) { ${CASE_FIELDS} } }`,
  returnIt: `mutation($id: ID!, $v: Int!, $reason: String!) { returnToInstansi(caseId: $id, expectedVersion: $v, reason: $reason) { ${CASE_FIELDS} } }`,
  answer: `mutation($id: ID!, $v: Int!, $an: String!, $ans: String!, $who: String!) { submitAnswer(caseId: $id, expectedVersion: $v, analysis: $an, answer: $ans, consulted: $who) { ${CASE_FIELDS} } }`,
  deliver: `mutation($id: ID!, $v: Int!, $ans: String) { deliverAnswer(caseId: $id, expectedVersion: $v, answer: $ans) { ${CASE_FIELDS} } }`,
  sendBack: `mutation($id: ID!, $v: Int!, $reason: String!) { sendBackForRevision(caseId: $id, expectedVersion: $v, reason: $reason) { ${CASE_FIELDS} } }`,
  close: `mutation($id: ID!, $v: Int!, $reason: String!) { closeCase(caseId: $id, expectedVersion: $v, reason: $reason) { ${CASE_FIELDS} } }`,
  accept: `mutation($tn: String!, $code: String!, $v: Int!, $rating: Int, $comment: String) { acceptAnswer(trackingNumber: $tn, accessCode: $code, expectedVersion: $v, rating: $rating, comment: $comment) { stage version } }`,
  reply: `mutation($tn: String!, $code: String!, $v: Int!, $reply: String!) { replyToAnswer(trackingNumber: $tn, accessCode: $code, expectedVersion: $v, reply: $reply) { stage version round } }`,
  publicCase: `query($tn: String!, $code: String!) { caseByTracking(trackingNumber: $tn, accessCode: $code) { trackingNumber title stage round version opdName initialResponse answer awaitingComplainant autoCloseAt timeline { action stage details } } }`,
  changes: `subscription { caseChanged { caseId action fromStage toStage version case { id stage opd { code } complainant { name } } } }`,
};

export const complaint = (overrides: Record<string, unknown> = {}) => ({
  title: "Bantuan modal UMKM belum cair",
  description: "Sudah tiga bulan dana bantuan belum masuk ke rekening.",
  category: "UMKM",
  anonymous: false,
  confidential: false,
  complainantName: "Siti Aminah",
  complainantContact: "0812-0000-1111",
  ...overrides,
});
