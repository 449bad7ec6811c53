import type { CaseContext, CaseServices } from "../case/case.context.js";
import type { CountdownHub } from "./countdown.hub.js";
import type { SlaLoaders } from "./sla.loaders.js";
import type { SlaSweeper } from "./sla.sweeper.js";

export interface SlaServices extends CaseServices {
  sweeper: SlaSweeper;
  countdowns: CountdownHub;
}

export interface SlaContext extends CaseContext {
  services: SlaServices;
  loaders: CaseContext["loaders"] & SlaLoaders;
}
