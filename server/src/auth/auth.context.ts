import type { SopContext, SopServices } from "../sop/sop.context.js";
import type { AccountService } from "./account.service.js";
import type { ApiTokenService } from "./api-token.service.js";
import type { AuthService } from "./auth.service.js";
import type { DisplayTokenService } from "./display-token.service.js";
import type { GuessLimiter } from "./guess-limiter.js";
import type { OpdService } from "./opd.service.js";
import type { SessionService } from "./session.service.js";
import type { Identity } from "./viewer.js";

export interface AuthServices extends SopServices {
  auth: AuthService;
  accounts: AccountService;
  sessions: SessionService;
  displays: DisplayTokenService;
  apiTokens: ApiTokenService;
  opds: OpdService;
  guesses: GuessLimiter;
}

/** Who is asking: a staff `viewer` or a wall-monitor `display`, or neither. */
export interface AuthContext extends SopContext, Identity {
  services: AuthServices;
}
