import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DataSource } from "typeorm";
import type { Clock } from "../clock.js";

/** One registry per app (tests run several in a process), exposed at GET /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly graphqlRequests: Counter<"operation" | "type" | "outcome">;
  readonly graphqlDuration: Histogram<"operation" | "type">;
  readonly httpRequests: Counter<"route" | "status">;
  private readonly subscriptions = new Map<object, Set<string>>();

  constructor(ds: DataSource, clock: Clock) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "desk_" });
    this.graphqlRequests = new Counter({
      name: "desk_graphql_requests_total",
      help: "GraphQL operations over HTTP by operation name, type and outcome (ok or the first error code).",
      labelNames: ["operation", "type", "outcome"],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: "desk_graphql_request_duration_seconds",
      help: "Time from receiving a GraphQL operation over HTTP to sending its answer.",
      labelNames: ["operation", "type"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.httpRequests = new Counter({
      name: "desk_http_requests_total",
      help: "HTTP requests by route family and status.",
      labelNames: ["route", "status"],
      registers,
    });
    const subscriptions = this.subscriptions;
    new Gauge({
      name: "desk_subscriptions_open",
      help: "GraphQL subscriptions open over graphql-ws on this replica.",
      registers,
      collect() {
        let n = 0;
        for (const ids of subscriptions.values()) n += ids.size;
        this.set(n);
      },
    });
    new Gauge({
      name: "desk_sla_sweeper_lag_seconds",
      help: "How long the oldest stage visit past its deadline has waited for its breach to be recorded (0: the sweeper is caught up).",
      registers,
      async collect() {
        const [{ lag }] = (await ds.query(
          `SELECT COALESCE(EXTRACT(EPOCH FROM $1::timestamptz - min(due_at)), 0)::float AS lag
             FROM stage_visit WHERE done_at IS NULL AND breached_at IS NULL AND due_at <= $1`,
          [clock.now()],
        )) as { lag: number }[];
        this.set(lag);
      },
    });
    new Gauge({
      name: "desk_sla_breaches_recorded",
      help: "SLA breaches recorded in the database (all replicas), by stage.",
      labelNames: ["stage"],
      registers,
      async collect() {
        const rows = (await ds.query(`SELECT stage, count(*)::int AS n FROM sla_alert WHERE kind = 'BREACHED' GROUP BY stage`)) as {
          stage: string;
          n: number;
        }[];
        this.reset();
        for (const r of rows) this.set({ stage: r.stage }, r.n);
      },
    });
  }

  subscriptionStarted(connection: object, id: string): void {
    const ids = this.subscriptions.get(connection) ?? new Set<string>();
    ids.add(id);
    this.subscriptions.set(connection, ids);
  }

  subscriptionEnded(connection: object, id: string): void {
    this.subscriptions.get(connection)?.delete(id);
  }

  connectionClosed(connection: object): void {
    this.subscriptions.delete(connection);
  }
}
