import type { OutboxWorker } from "../notify/outbox.worker.js";
import type { RecordsContext, RecordsServices } from "../records/records.context.js";
import type { SlaContext, SlaServices } from "../sla/sla.context.js";

export interface Services extends SlaServices, RecordsServices {
  outbox: OutboxWorker;
}

/** What every resolver gets: the features' contexts together, with every service and this request's batch loaders. */
export interface Context extends SlaContext, RecordsContext {
  services: Services;
  loaders: SlaContext["loaders"] & RecordsContext["loaders"];
}
