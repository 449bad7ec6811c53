import type { Clock } from "../clock.js";
import type { RequestContext } from "../gql/request-context.js";
import type { RealtimeBus } from "../realtime/pubsub.js";
import type { CalendarService } from "./calendar.service.js";
import type { SopService } from "./sop.service.js";

export interface SopServices {
  sops: SopService;
  calendars: CalendarService;
  bus: RealtimeBus;
  clock: Clock;
}

/** What the SOP's resolvers get; each layer above widens it with its own services. */
export interface SopContext extends RequestContext {
  services: SopServices;
}
