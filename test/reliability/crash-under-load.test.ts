import { afterAll, describe, expect, it } from "vitest";
import { caseAtInitialResponse } from "../support/cases.js";
import { gql } from "../support/client.js";
import { makeEverythingDue, slaRecords } from "../support/due.js";
import { complaint, Q, setupCity, signInAll, type City } from "../support/fixtures.js";
import { runServer, type Run } from "../support/process.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { eventually, report, sleep } from "./support.js";

const WORKERS = 8;
/** The crash comes once this many mutations have answered (or after LOAD_MS, whichever is first). */
const ANSWERED_BEFORE_KILL = 150;
const LOAD_MS = 15_000;

let ts: TestServer | undefined;
const runs: Run[] = [];
afterAll(async () => {
  for (const r of runs) r.kill("SIGKILL");
  await ts?.stop();
});

type Step = "record" | "forward" | "acknowledge" | "answer" | "deliver" | "sendBack";
const ACTION: Record<Step, string> = {
  record: "SUBMIT",
  forward: "FORWARD",
  acknowledge: "ACKNOWLEDGE",
  answer: "SUBMIT_ANSWER",
  deliver: "DELIVER_ANSWER",
  sendBack: "SEND_BACK",
};
/** A case goes round ANALYSIS ⇄ DELIVERY a few times (answer, send back), then the answer is delivered. */
function nextStep(step: Step, version: number): Step {
  if (step === "answer") return version > 9 ? "deliver" : "sendBack";
  return ({ record: "forward", forward: "acknowledge", acknowledge: "answer", sendBack: "answer", deliver: "record" } as const)[step];
}

interface Op {
  step: Step;
  /** Unique text in the request's inputs, to find (or not find) it in the database. */
  tag: string;
  caseId: string | null;
  outcome: "ok" | "failed" | "unknown";
  code?: string;
  version?: number;
  stageDueAt?: string | null;
}

describe("kill -9 under a steady load of mixed mutations", () => {
  it("every mutation that returned success is in the database with its event, none that failed is; deadlines and breaches intact", async () => {
    ts = await startTestServer();
    const city: City = await setupCity(ts);
    // Bystanders: cases left alone by the load, overdue, so the sweeper records their breaches.
    const bystanders = [];
    for (let i = 0; i < 5; i++) bystanders.push(await caseAtInitialResponse(ts.app.url, city));
    await makeEverythingDue(ts.app.dataSource);
    const visitsBefore = new Map(
      ((await ts.app.dataSource.query(`SELECT id, due_at FROM stage_visit`)) as { id: string; due_at: Date }[]).map((v) => [
        v.id,
        v.due_at.toISOString(),
      ]),
    );
    await ts.pause();

    const first = runServer({ ...ts.env(), SLA_SWEEP_SECONDS: "1", RATE_LIMIT_PER_MINUTE: "0", OUTBOX_POLL_SECONDS: "0" });
    runs.push(first);
    await first.waitFor("ready");
    const url = first.url();
    await signInAll(url, city);
    // The first sweep records the bystanders' breaches before the load starts (the crash must not undo them).
    const breachesRecorded = async () => {
      const text = await (await fetch(new URL("/metrics", url))).text();
      return Number(/desk_sla_breaches_recorded\{stage="INITIAL_RESPONSE"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    expect(await eventually(async () => (await breachesRecorded()) === bystanders.length, 20_000, 200)).toBe(true);

    const ops: Op[] = [];
    let serial = 0;
    let killed = false;
    const send = async (step: Step, c: { id: string; version: number } | null, tag: string, valid = true): Promise<Op> => {
      const op: Op = { step, tag, caseId: c?.id ?? null, outcome: "unknown" };
      ops.push(op);
      const v = c?.version;
      const id = c?.id;
      const [query, vars, token] = {
        record: [
          Q.record,
          { input: { ...complaint({ title: valid ? `Kasus ${tag}` : "", description: `Uraian ${tag}` }), channel: "LAPOR" } },
          city.tokens.instansi,
        ],
        forward: [Q.forward, { id, v, opd: city.opdA.id }, city.tokens.instansi],
        acknowledge: [Q.acknowledge, { id, v, ir: `Diterima ${tag}`, rm: "Bahan" }, city.tokens.adminA],
        answer: [Q.answer, { id, v, an: "Analisis", ans: `Jawaban ${tag}`, who: "Kabid" }, city.tokens.liaisonA],
        deliver: [Q.deliver, { id, v, ans: `Jawaban ${tag}` }, city.tokens.adminA],
        sendBack: [Q.sendBack, { id, v, reason: `Perbaiki ${tag}` }, city.tokens.adminA],
      }[step] as [string, Record<string, unknown>, string];
      try {
        const r = await gql(url, query, vars, token);
        if (r.errors?.length) {
          op.outcome = "failed";
          op.code = String(r.errors[0].extensions?.code);
        } else {
          const data = Object.values(r.data ?? {})[0] as {
            version: number;
            stageDueAt: string | null;
            case?: { id: string; version: number; stageDueAt: string | null };
          };
          const got = data.case ?? data;
          op.outcome = "ok";
          op.caseId = (got as { id?: string }).id ?? op.caseId;
          op.version = got.version;
          op.stageDueAt = got.stageDueAt;
        }
      } catch {
        // connection refused or reset: the server died with this request in flight
      }
      return op;
    };

    const worker = async (w: number) => {
      let c: { id: string; version: number } | null = null;
      let step: Step = "record";
      let refusedFirst = false;
      for (let i = 0; !killed; i++) {
        const base = `w${w}-op${serial++}`;
        const tag = `#${base}#`;
        if (step === "record" && !refusedFirst) {
          // Before each new case, a refused intake (empty title): it must leave nothing behind.
          refusedFirst = true;
          if ((await send("record", null, tag, false)).outcome === "unknown") return;
          continue;
        }
        refusedFirst = false;
        // Every fifth step is sent twice at once with the same version: one wins, one is refused.
        const racing = step !== "record" && i % 5 === 0;
        const tries: Op[] = await Promise.all(racing ? [send(step, c, tag), send(step, c, `#${base}b#`)] : [send(step, c, tag)]);
        if (tries.some((t) => t.outcome === "unknown")) return;
        const won = tries.find((t) => t.outcome === "ok");
        if (!won) return;
        c = { id: won.caseId!, version: won.version! };
        step = nextStep(step, c.version);
      }
    };

    const load = Array.from({ length: WORKERS }, (_, w) => worker(w));
    const loadStart = Date.now();
    while (ops.filter((o) => o.outcome !== "unknown").length < ANSWERED_BEFORE_KILL && Date.now() - loadStart < LOAD_MS) await sleep(20);
    first.kill("SIGKILL");
    killed = true;
    expect(await first.exited).toBeNull();
    await Promise.all(load);

    const second = runServer({ ...ts.env(), SLA_SWEEP_SECONDS: "1", RATE_LIMIT_PER_MINUTE: "0", OUTBOX_POLL_SECONDS: "0" });
    runs.push(second);
    await second.waitFor("ready");
    // The restarted server takes work at once, and sweeps again (breaches must not be recorded twice).
    const after = await gql(
      second.url(),
      Q.record,
      { input: { ...complaint({ title: "Setelah restart" }), channel: "LAPOR" } },
      city.tokens.instansi,
    );
    expect(after.errors).toBeUndefined();
    await sleep(2_500);
    second.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    await ts.resume();
    const db = ts.app.dataSource;
    const events = (await db.query(`SELECT case_id, action, version, inputs::text AS inputs FROM case_event`)) as {
      case_id: string;
      action: string;
      version: number;
      inputs: string;
    }[];
    const cases = (await db.query(`SELECT id, title, description, version, stage, stage_due_at FROM complaint_case`)) as {
      id: string;
      title: string;
      description: string;
      version: number;
      stage: string;
      stage_due_at: Date | null;
    }[];
    const caseById = new Map(cases.map((c) => [c.id, c]));
    const eventKey = (caseId: string, version: number) => `${caseId}@${version}`;
    const eventAt = new Map(events.map((e) => [eventKey(e.case_id, e.version), e]));

    const openVisits = new Map(
      (
        (await db.query(
          `SELECT case_id, count(*)::int AS n, max(due_at) AS due FROM stage_visit WHERE done_at IS NULL GROUP BY case_id`,
        )) as {
          case_id: string;
          n: number;
          due: Date;
        }[]
      ).map((v) => [v.case_id, v]),
    );
    const succeeded = ops.filter((o) => o.outcome === "ok");
    const failed = ops.filter((o) => o.outcome === "failed");
    const unknown = ops.filter((o) => o.outcome === "unknown");
    const missing = succeeded.filter((o) => {
      const e = eventAt.get(eventKey(o.caseId!, o.version!));
      const tagged = o.step !== "forward" && o.step !== "record";
      return !e || e.action !== ACTION[o.step] || (tagged && !e.inputs.includes(o.tag));
    });
    const missingCases = succeeded.filter((o) => o.step === "record" && caseById.get(o.caseId!)?.title !== `Kasus ${o.tag}`);
    // A refused request's unique text appears nowhere: no event inputs, no case.
    const leaked = failed.filter(
      (o) => events.some((e) => e.inputs.includes(o.tag)) || cases.some((c) => c.description === `Uraian ${o.tag}`),
    );
    // Each case's events are versions 1..n without a hole, and n is the case's version: no half-written transaction.
    const torn = cases.filter((c) => {
      const vs = events
        .filter((e) => e.case_id === c.id)
        .map((e) => e.version)
        .sort((a, b) => a - b);
      return vs.length !== c.version || vs.some((v, i) => v !== i + 1);
    });
    // The deadline a success answered with is the one stored, for cases no later request touched.
    // (A refused request changes nothing, so the last request that may have changed the case counts.)
    const lastTouch = new Map<string, Op>();
    for (const o of ops) if (o.caseId && o.outcome !== "failed") lastTouch.set(o.caseId, o);
    const deadlinesChecked = [...lastTouch.values()].filter((o) => o.outcome === "ok");
    const deadlineDrift = deadlinesChecked.filter((o) => {
      const c = caseById.get(o.caseId!)!;
      const answered = o.stageDueAt ? new Date(o.stageDueAt).toISOString() : null;
      const visitDue = openVisits.get(c.id)?.due.toISOString() ?? null;
      return c.version !== o.version || (c.stage_due_at?.toISOString() ?? null) !== answered || visitDue !== answered;
    });
    const visitsAfter = new Map(
      ((await db.query(`SELECT id, due_at FROM stage_visit`)) as { id: string; due_at: Date }[]).map((v) => [v.id, v.due_at.toISOString()]),
    );
    const visitsChanged = [...visitsBefore].filter(([id, due]) => visitsAfter.get(id) !== due);
    const openWithoutVisit = cases.filter((c) => c.stage !== "CLOSED" && openVisits.get(c.id)?.n !== 1);
    const sla = await slaRecords(db);
    const bystanderBreaches = (await db.query(
      `SELECT count(*)::int AS n FROM stage_visit WHERE case_id = ANY($1) AND done_at IS NULL AND breached_at IS NOT NULL`,
      [bystanders.map((b) => b.id)],
    )) as { n: number }[];

    report(
      `kill -9 after ${succeeded.length + failed.length} answered mutations from ${WORKERS} workers (${unknown.length} in flight); ` +
        `succeeded ${succeeded.length}: missing ${missing.length + missingCases.length}; failed ${failed.length} ` +
        `(${[...new Set(failed.map((f) => f.code))].join(", ")}): leaked ${leaked.length}; cases ${cases.length}, torn ${torn.length}; ` +
        `deadlines: ${deadlinesChecked.length} answered checked, ${deadlineDrift.length} drifted, ${visitsBefore.size - visitsChanged.length}/${visitsBefore.size} earlier visits unchanged, ` +
        `${openWithoutVisit.length} open cases without one matching visit; breaches of ${bystanders.length} overdue bystanders: ${bystanderBreaches[0].n}, ` +
        `alerts recorded twice: ${sla.alerts.filter((a) => a.n !== 1).length}`,
    );
    expect(succeeded.length).toBeGreaterThanOrEqual(50);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.code === "VERSION_CONFLICT" || f.code === "VALIDATION")).toBe(true);
    expect(missing).toEqual([]);
    expect(missingCases).toEqual([]);
    expect(leaked).toEqual([]);
    expect(torn).toEqual([]);
    expect(deadlineDrift).toEqual([]);
    expect(visitsChanged).toEqual([]);
    expect(openWithoutVisit).toEqual([]);
    expect(bystanderBreaches[0].n).toBe(bystanders.length);
    expect(sla.alerts.filter((a) => a.n !== 1)).toEqual([]);
  });
});
