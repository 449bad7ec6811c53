import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_TIMEOUT_SECONDS: z.coerce.number().gt(0).max(3600).default(10),
  IDENTITY_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  DATA_DIR: z.string().min(1).default("./data"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, "must be a redis:// or rediss:// URL")
    .optional(),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  SEED_DEMO: z.enum(["auto", "true", "false"]).default("auto"),
  BOOTSTRAP_SUPERUSER: z
    .string()
    .regex(/^[a-z0-9._-]+:.{8,}$/, "must be username:password (password at least 8 characters)")
    .optional(),
  SLA_SWEEP_SECONDS: z.coerce.number().min(0).max(3600).default(15),
  SLA_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  ADMIN_UI_DIST: z.string().optional(),
  WEBHOOK_URLS: z
    .string()
    .default("")
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((u) => u.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "must be comma-separated http:// or https:// URLs" }))),
  WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  OUTBOX_POLL_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  WS_CONNECTIONS_PER_IDENTITY: z.coerce.number().int().min(0).max(1_000_000).default(20),
  WS_OPERATIONS_PER_CONNECTION: z.coerce.number().int().min(0).max(1_000_000).default(25),
  WS_MAX_BUFFERED_KB: z.coerce.number().int().min(0).max(1_048_576).default(8_192),
  GRAPHQL_COMPILE_AFTER: z.coerce.number().int().min(0).max(1_000_000).default(2),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  ATTACHMENT_MAX_MB: z.coerce.number().gt(0).max(1024).default(10),
});

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly port: number;
  readonly host: string;
  /** Unset: embedded PGlite under `dataDir`. */
  readonly databaseUrl?: string;
  readonly databasePoolMax: number;
  /** How long a request waits for a database connection, and for each statement's answer. */
  readonly databaseTimeoutMs: number;
  /** How long a signed-in request may skip re-reading its account, while a listener hears every change to it; 0: never. */
  readonly identityCacheSeconds: number;
  readonly dataDir: string;
  readonly redisUrl?: string;
  readonly jwtSecret?: string;
  readonly tokenTtlHours: number;
  readonly seedDemo: "auto" | "always" | "never";
  /** The first account of an installation without the demo: created only while no user exists. */
  readonly bootstrapSuperuser?: { username: string; password: string };
  /** How often the SLA sweeper runs; 0 turns the loop off (tests sweep by hand). */
  readonly slaSweepSeconds: number;
  /** How often countdown subscribers get a clock-sync heartbeat. */
  readonly slaHeartbeatSeconds: number;
  readonly adminUiDist: string;
  /** Where notifications are POSTed; none: nothing is written to the outbox. */
  readonly webhookUrls: readonly string[];
  /** Signs each body (HMAC-SHA256, `X-Desk-Signature`) when set. */
  readonly webhookSecret?: string;
  /** How often the outbox is delivered; 0 turns the loop off (tests deliver by hand). */
  readonly outboxPollSeconds: number;
  /** Requests per minute per client address and per bearer token; 0: no limit. */
  readonly rateLimitPerMinute: number;
  /** graphql-ws connections per signed-in user, display token or anonymous address; 0: no cap. */
  readonly wsConnectionsPerIdentity: number;
  /** Operations running at once on one graphql-ws connection; 0: no cap. */
  readonly wsOperationsPerConnection: number;
  /** Bytes waiting to be sent to one graphql-ws client before it is disconnected as too slow; 0: no limit. */
  readonly wsMaxBufferedBytes: number;
  /** The execution of a query document at which it is compiled (graphql-jit); 0: never, all run in graphql-js. */
  readonly graphqlCompileAfter: number;
  /** pino level of the JSON log lines on stdout. */
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** When set, GET /metrics wants it as a Bearer token. */
  readonly metricsToken?: string;
  /** Largest attachment accepted, in bytes. */
  readonly attachmentMaxBytes: number;
  /** Where attachment files are kept: `dataDir/attachments`. */
  readonly attachmentDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const baseDir = (env: NodeJS.ProcessEnv) => env.INIT_CWD ?? process.cwd();
const absolute = (p: string, env: NodeJS.ProcessEnv) => (isAbsolute(p) ? p : resolve(baseDir(env), p));

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const v = parsed.data;
  return Object.freeze({
    env: v.NODE_ENV,
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL,
    databasePoolMax: v.DATABASE_POOL_MAX,
    databaseTimeoutMs: Math.round(v.DATABASE_TIMEOUT_SECONDS * 1000),
    identityCacheSeconds: v.IDENTITY_CACHE_SECONDS,
    dataDir: absolute(v.DATA_DIR, env),
    redisUrl: v.REDIS_URL,
    jwtSecret: v.JWT_SECRET,
    tokenTtlHours: v.TOKEN_TTL_HOURS,
    seedDemo: v.SEED_DEMO === "true" ? "always" : v.SEED_DEMO === "false" ? "never" : "auto",
    bootstrapSuperuser: v.BOOTSTRAP_SUPERUSER
      ? {
          username: v.BOOTSTRAP_SUPERUSER.slice(0, v.BOOTSTRAP_SUPERUSER.indexOf(":")),
          password: v.BOOTSTRAP_SUPERUSER.slice(v.BOOTSTRAP_SUPERUSER.indexOf(":") + 1),
        }
      : undefined,
    slaSweepSeconds: v.SLA_SWEEP_SECONDS,
    slaHeartbeatSeconds: v.SLA_HEARTBEAT_SECONDS,
    adminUiDist: v.ADMIN_UI_DIST ? absolute(v.ADMIN_UI_DIST, env) : resolve(import.meta.dirname, "../../admin-ui/dist"),
    webhookUrls: Object.freeze(v.WEBHOOK_URLS),
    webhookSecret: v.WEBHOOK_SECRET,
    outboxPollSeconds: v.OUTBOX_POLL_SECONDS,
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    wsConnectionsPerIdentity: v.WS_CONNECTIONS_PER_IDENTITY,
    wsOperationsPerConnection: v.WS_OPERATIONS_PER_CONNECTION,
    wsMaxBufferedBytes: v.WS_MAX_BUFFERED_KB * 1024,
    graphqlCompileAfter: v.GRAPHQL_COMPILE_AFTER,
    logLevel: v.LOG_LEVEL,
    metricsToken: v.METRICS_TOKEN,
    attachmentMaxBytes: Math.round(v.ATTACHMENT_MAX_MB * 1024 * 1024),
    attachmentDir: join(absolute(v.DATA_DIR, env), "attachments"),
  });
}
