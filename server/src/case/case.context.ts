import type { AuthContext, AuthServices } from "../auth/auth.context.js";
import type { DuplicateFinder } from "./case-duplicates.js";
import type { CaseNoteService } from "./case-note.service.js";
import type { CaseShareService } from "./case-share.service.js";
import type { CaseLoaders, CaseQueries } from "./case.queries.js";
import type { CaseService } from "./case.service.js";

export interface CaseServices extends AuthServices {
  cases: CaseService;
  caseQueries: CaseQueries;
  duplicates: DuplicateFinder;
  shares: CaseShareService;
  notes: CaseNoteService;
}

export interface CaseContext extends AuthContext {
  services: CaseServices;
  /** This request's batch loaders. */
  loaders: CaseLoaders;
}
