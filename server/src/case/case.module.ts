import type { DataSource } from "typeorm";
import type { IdentityCache } from "../auth/identity-cache.js";
import type { Clock } from "../clock.js";
import type { OutboxWriter } from "../notify/outbox.js";
import type { Logger } from "../ops/logger.js";
import type { RealtimeBus } from "../realtime/pubsub.js";
import type { CalendarService } from "../sop/calendar.service.js";
import type { SopService } from "../sop/sop.service.js";
import { CaseQueries } from "./case.queries.js";
import { CaseRepository } from "./case.repository.js";
import { CaseService } from "./case.service.js";
import { TransitionRunner } from "./transition.runner.js";

export interface CaseModuleDeps {
  ds: DataSource;
  sops: SopService;
  calendars: CalendarService;
  bus: RealtimeBus;
  clock: Clock;
  outbox: OutboxWriter;
  identities: IdentityCache;
  log: Logger;
}

export interface CaseModule {
  repository: CaseRepository;
  cases: CaseService;
  queries: CaseQueries;
}

/** The case module's parts, each built once over the one repository. */
export function createCaseModule(d: CaseModuleDeps): CaseModule {
  const repository = new CaseRepository(d.ds, d.outbox, d.identities);
  const runner = new TransitionRunner(repository, d.sops, d.calendars, d.bus, d.clock, d.log);
  return { repository, cases: new CaseService(runner, repository, d.clock), queries: new CaseQueries(repository, d.clock) };
}
