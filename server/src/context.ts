import type { ApiTokenService } from "./auth/api-token.service.js";
import type { AuthService } from "./auth/auth.service.js";
import type { DisplayTokenService } from "./auth/display-token.service.js";
import type { Identity } from "./auth/viewer.js";
import type { DuplicateFinder } from "./case/case-duplicates.js";
import type { CaseShareService } from "./case/case-share.service.js";
import type { CaseLoaders, CaseQueries } from "./case/case.queries.js";
import type { CaseService } from "./case/case.service.js";
import type { GuessLimiter } from "./case/guess-limiter.js";
import type { Clock } from "./clock.js";
import type { OutboxWorker } from "./notify/outbox.worker.js";
import type { AttachmentService } from "./records/attachment.service.js";
import type { ReportService } from "./records/report.service.js";
import type { RealtimeBus } from "./realtime/pubsub.js";
import type { CountdownHub } from "./sla/countdown.hub.js";
import type { SlaLoaders } from "./sla/sla.loaders.js";
import type { SlaSweeper } from "./sla/sla.sweeper.js";
import type { CalendarService } from "./sop/calendar.service.js";
import type { SopService } from "./sop/sop.service.js";

export interface Services {
  auth: AuthService;
  displays: DisplayTokenService;
  apiTokens: ApiTokenService;
  cases: CaseService;
  caseQueries: CaseQueries;
  duplicates: DuplicateFinder;
  shares: CaseShareService;
  guesses: GuessLimiter;
  sops: SopService;
  calendars: CalendarService;
  sweeper: SlaSweeper;
  outbox: OutboxWorker;
  countdowns: CountdownHub;
  reports: ReportService;
  attachments: AttachmentService;
  bus: RealtimeBus;
  clock: Clock;
}

/** What every resolver gets: who is asking (staff `viewer` or wall-monitor `display`), the services, and this request's batch loaders. */
export interface Context extends Identity {
  services: Services;
  loaders: CaseLoaders & SlaLoaders;
  /** The peer address of the connection; what guessing is limited by. */
  clientIp: string | null;
  /** HTTP only: names the operation in the request's log line. */
  noteOperation?: (operation: string) => void;
  /** graphql-ws only: disconnects the client (1013), for a subscription of its that fell too far behind. */
  fallBehind?: () => void;
}
