import { ok } from "./client.js";
import { complaint, Q, type City } from "./fixtures.js";

type C = { id: string; version: number; stage: string };

/** A recorded complaint forwarded to OPD A: waiting at step 2. */
export async function caseAtInitialResponse(url: string, city: City): Promise<C> {
  const r = await ok(url, Q.record, { input: { ...complaint(), channel: "LAPOR" } }, city.tokens.instansi);
  const c = r.recordComplaint.case;
  return (await ok(url, Q.forward, { id: c.id, v: c.version, opd: city.opdA.id }, city.tokens.instansi)).forwardToOpd;
}

/** A case whose answer was delivered: waiting for the complainant at step 5. */
export async function caseAtConfirmation(url: string, city: City): Promise<C> {
  let x = await caseAtInitialResponse(url, city);
  x = (await ok(url, Q.acknowledge, { id: x.id, v: x.version, ir: "Diterima", rm: "Bahan" }, city.tokens.adminA)).acknowledgeComplaint;
  x = (await ok(url, Q.answer, { id: x.id, v: x.version, an: "A", ans: "Jawaban", who: "Kabid" }, city.tokens.liaisonA)).submitAnswer;
  return (await ok(url, Q.deliver, { id: x.id, v: x.version }, city.tokens.adminA)).deliverAnswer;
}
