import { createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { RawHttpConnection } from "./raw-http.js";

/**
 * The load process of bench/transitions: `concurrency` loops, each moving its own cases back and
 * forth between step 1 and step 2 (returnToInstansi by the Admin OPD, forwardToOpd by the Admin
 * Instansi) for `seconds`; a separate graphql-ws client (the Admin Instansi's) subscribed to
 * caseChanged records when each change arrives. Or, as the baseline, the same loops as bare SQL
 * write transactions (lock the case, bump its version, append an event) straight to PostgreSQL.
 */
interface Start {
  mode: "api" | "sql";
  url: string;
  databaseUrl: string;
  admin: string;
  instansi: string;
  opdId: string;
  cases: { id: string; version: number; atOpd?: boolean }[];
  concurrency: number;
  seconds: number;
}

const RETURN = `mutation($id: ID!, $v: Int!) { returnToInstansi(caseId: $id, expectedVersion: $v, reason: "bukan kewenangan") { version } }`;
const FORWARD = `mutation($id: ID!, $v: Int!, $o: ID!) { forwardToOpd(caseId: $id, expectedVersion: $v, opdId: $o) { version } }`;

process.on("message", async (s: Start) => {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let done = 0;
  let failed = 0;
  let sub: ReturnType<typeof createClient> | null = null;
  let pool: pg.Pool | null = null;
  if (s.mode === "api") {
    sub = createClient({
      url: s.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${s.instansi}` },
      lazy: false,
    });
    await new Promise<void>((ready) => {
      sub!.subscribe(
        { query: `subscription { caseChanged { caseId version } }` },
        {
          next: (m: any) => {
            const c = m.data?.caseChanged;
            const t0 = c && sent.get(`${c.caseId}:${c.version}`);
            if (t0) latencies.push(performance.now() - t0);
          },
          error: (e) => console.error("subscription", e),
          complete: () => undefined,
        },
      );
      setTimeout(ready, 1000);
    });
  } else {
    pool = new pg.Pool({ connectionString: s.databaseUrl, max: 10 });
  }
  const connections = s.mode === "api" ? await Promise.all(Array.from({ length: s.concurrency }, () => RawHttpConnection.open(s.url))) : [];
  const until = performance.now() + s.seconds * 1000;
  for (const c of s.cases) c.atOpd = true;
  const loop = async (mine: Start["cases"], i: number) => {
    for (let k = 0; performance.now() < until; k++) {
      const c = mine[k % mine.length];
      const back = c.atOpd; // forwarded cases are returned, returned ones forwarded again
      try {
        if (s.mode === "api") {
          if (connections[i].closed) connections[i] = await RawHttpConnection.open(s.url);
          sent.set(`${c.id}:${c.version + 1}`, performance.now());
          const body = JSON.parse(
            await connections[i].post(
              back ? s.admin : s.instansi,
              JSON.stringify({ query: back ? RETURN : FORWARD, variables: { id: c.id, v: c.version, o: s.opdId } }),
            ),
          );
          if (body.errors) throw new Error(JSON.stringify(body.errors));
          c.version = (Object.values(body.data)[0] as { version: number }).version;
          c.atOpd = !c.atOpd;
        } else {
          const client = await pool!.connect();
          try {
            await client.query("BEGIN");
            const [row] = (await client.query(`SELECT version FROM complaint_case WHERE id = $1 FOR UPDATE`, [c.id])).rows;
            await client.query(`UPDATE complaint_case SET version = version + 1, updated_at = now() WHERE id = $1`, [c.id]);
            await client.query(
              `INSERT INTO case_event (case_id, at, actor_role, action, from_stage, to_stage, round, version, inputs) VALUES ($1, now(), 'SYSTEM', 'FORWARD', 'DISPOSITION', 'INITIAL_RESPONSE', 1, $2, '{}')`,
              [c.id, row.version + 1],
            );
            await client.query("COMMIT");
            c.version = row.version + 1;
          } finally {
            client.release();
          }
        }
        done++;
      } catch (e) {
        failed++;
        if (failed < 3) console.error(String(e).slice(0, 300));
      }
    }
  };
  process.send?.({ phase: "started" });
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: s.concurrency }, (_, i) =>
      loop(
        s.cases.filter((_, j) => j % s.concurrency === i),
        i,
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu0);
  const loadCpuSeconds = (user + system) / 1e6;
  process.send?.({ phase: "finished" });
  await new Promise((r) => setTimeout(r, 1000));
  await sub?.dispose();
  await pool?.end();
  for (const c of connections) c.close();
  process.send?.({ done, failed, seconds, latencies, loadCpuSeconds });
});
process.send?.({ ready: true });
