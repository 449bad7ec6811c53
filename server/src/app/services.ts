import type { DataSource } from "typeorm";
import { AccountService } from "../auth/account.service.js";
import { ApiTokenService } from "../auth/api-token.service.js";
import { ApiTokenUsage } from "../auth/api-token.usage.js";
import { AuthService } from "../auth/auth.service.js";
import { DisplayTokenService } from "../auth/display-token.service.js";
import { IdentityCache, listenForIdentityChanges, listenOnSharedSession } from "../auth/identity-cache.js";
import { OpdService } from "../auth/opd.service.js";
import { SessionService } from "../auth/session.service.js";
import { TokenService } from "../auth/token.service.js";
import { DuplicateFinder } from "../case/case-duplicates.js";
import { CaseNoteService } from "../case/case-note.service.js";
import { CaseShareService } from "../case/case-share.service.js";
import { createCaseModule } from "../case/case.module.js";
import { GuessLimiter } from "../auth/guess-limiter.js";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Services } from "../graphql/context.js";
import { poolOf } from "../db/data-source.js";
import { generatedTokenSecret, installationId } from "../db/settings.js";
import { OutboxWriter } from "../notify/outbox.js";
import { OutboxWorker } from "../notify/outbox.worker.js";
import type { Logger } from "../ops/logger.js";
import { AdminTrailService } from "../records/admin-trail.service.js";
import { AnswerTemplateService } from "../records/answer-template.service.js";
import { AttachmentService } from "../records/attachment.service.js";
import { LocalFileStore } from "../records/file-store.js";
import { ReportService } from "../records/report.service.js";
import { SopRevisionService } from "../records/sop-revision.service.js";
import { CITY_SCOPE, createRealtimeBus, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { CountdownHub } from "../sla/countdown.hub.js";
import { SlaSweeper } from "../sla/sla.sweeper.js";
import { CalendarService } from "../sop/calendar.service.js";
import { CALENDAR_CHANNEL, listenForNotifications } from "../db/notify-listener.js";
import { SopService } from "../sop/sop.service.js";

/** What undoes each thing started, in the order started; run in reverse. */
export type Cleanups = (() => Promise<unknown>)[];

/** Made once per process and shared by every set of services built on it. */
export interface Shared {
  sops: SopService;
  calendars: CalendarService;
  bus: RealtimeBus;
  tokens: TokenService;
  apiTokenUsage: ApiTokenUsage;
  identities: IdentityCache;
  outboxWriter: OutboxWriter;
  logger: Logger;
}

export type ServicesConfig = Pick<Config, "webhookUrls" | "webhookSecret" | "slaHeartbeatSeconds" | "attachmentDir" | "attachmentMaxBytes">;

export interface Wiring {
  dataSource: DataSource;
  config: ServicesConfig;
  shared: Shared;
  services: Services;
  log: (line: string) => void;
}

/** Every service over `ds` on `clock`: constructors only, nothing is read or started. */
export function buildServices(ds: DataSource, config: ServicesConfig, clock: Clock, shared: Shared, log: (line: string) => void): Services {
  const { sops, calendars, bus, tokens, apiTokenUsage, identities, outboxWriter, logger } = shared;
  const apiTokens = new ApiTokenService(ds, clock, bus, apiTokenUsage, identities);
  const sessions = new SessionService(ds, clock, bus, identities);
  const { repository, cases, queries } = createCaseModule({
    ds,
    sops,
    calendars,
    bus,
    clock,
    outbox: outboxWriter,
    identities,
    log: logger,
  });
  const reports = new ReportService(ds);
  return {
    auth: new AuthService(ds, tokens, clock, apiTokens, identities),
    accounts: new AccountService(ds, clock, sessions, tokens.setupCode()),
    sessions,
    displays: new DisplayTokenService(ds, tokens, clock, bus),
    apiTokens,
    opds: new OpdService(ds, clock, identities),
    cases,
    caseQueries: queries,
    duplicates: new DuplicateFinder(ds, clock),
    shares: new CaseShareService(repository, sops, clock),
    notes: new CaseNoteService(repository, bus, clock, logger),
    guesses: new GuessLimiter(ds, clock),
    sops,
    calendars,
    sweeper: new SlaSweeper(ds, cases, outboxWriter, bus, clock, log),
    outbox: new OutboxWorker(ds, clock, config.webhookUrls, config.webhookSecret, log),
    countdowns: new CountdownHub(repository, calendars, sops, bus, clock, config.slaHeartbeatSeconds * 1000),
    reports,
    adminTrail: new AdminTrailService(ds),
    sopRevisions: new SopRevisionService(ds, sops, reports, bus, clock),
    answerTemplates: new AnswerTemplateService(ds, queries, clock),
    attachments: new AttachmentService(ds, repository, new LocalFileStore(config.attachmentDir), clock, config.attachmentMaxBytes),
    bus,
    clock,
  };
}

/**
 * The shared parts (the SOP seeded, the bus, the signing secret, the identity listener, the
 * calendar loaded and reloaded on every edit) and the services on them. The sweeper and the
 * outbox worker are built, not started.
 */
export async function startServices(
  ds: DataSource,
  config: Config,
  clock: Clock,
  logger: Logger,
  embedded: boolean,
  cleanups: Cleanups,
): Promise<Wiring> {
  const log = (line: string) => logger.info(line);
  const sops = new SopService(ds, clock);
  await sops.ensureSeeded();
  const bus = await createRealtimeBus(await installationId(ds), config.redisUrl, (e) =>
    logger.warn({ err: e }, "Redis pub/sub failed (it reconnects by itself; events meanwhile are lost)"),
  );
  cleanups.push(() => bus.close());
  const tokens = new TokenService(config.jwtSecret ?? (await generatedTokenSecret(ds)), config.tokenTtlHours);
  const apiTokenUsage = new ApiTokenUsage(ds, 2_000, (e) => logger.error({ err: e }, "API token use log write failed"));
  cleanups.push(() => apiTokenUsage.close());
  const identities = new IdentityCache(config.identityCacheSeconds * 1000);
  if (config.identityCacheSeconds > 0) {
    if (embedded) await listenOnSharedSession(poolOf(ds), identities);
    else cleanups.push(listenForIdentityChanges(config.databaseUrl!, identities, logger, poolOf(ds)));
  }
  const calendars = new CalendarService(ds, sops, bus, clock);
  await calendars.load();
  const calendarEdits = bus.subscribe(Topic.CALENDAR_CHANGED, CITY_SCOPE);
  void (async () => {
    for await (const _ of calendarEdits) await calendars.load().catch((e) => log(`calendar reload failed: ${e}`));
  })();
  cleanups.push(async () => calendarEdits.return?.());
  // The embedded database serves one process; on a real PostgreSQL every replica hears every edit, Redis or not.
  if (!embedded) {
    cleanups.push(
      listenForNotifications(config.databaseUrl!, CALENDAR_CHANNEL, "sop-desk calendar listener", () => calendars.load(), logger),
    );
  }
  const sopPublishes = bus.subscribe(Topic.SOP_PUBLISHED, CITY_SCOPE);
  void (async () => {
    for await (const _ of sopPublishes) await sops.refresh().catch((e) => log(`SOP versions reload failed: ${e}`));
  })();
  cleanups.push(async () => sopPublishes.return?.());
  const shared: Shared = {
    sops,
    calendars,
    bus,
    tokens,
    apiTokenUsage,
    identities,
    outboxWriter: new OutboxWriter(config.webhookUrls),
    logger,
  };
  const services = buildServices(ds, config, clock, shared, log);
  cleanups.push(() => services.countdowns.close());
  return { dataSource: ds, config, shared, services, log };
}
