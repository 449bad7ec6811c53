import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Clock } from "../clock.js";
import { queryOne } from "../db/hydrate.js";
import { passwordChangeRequired, unauthenticated } from "../errors.js";
import { TOKEN_ROUTES, type TokenRoute } from "./api-scope.js";
import { isApiToken, type ApiTokenService } from "./api-token.service.js";
import { requireScope, type Identity, type StaffViewer } from "./viewer.js";
import { DisplayToken } from "./display-token.entity.js";
import type { IdentityCache } from "./identity-cache.js";
import { DUMMY_HASH, verifyPassword } from "./password.js";
import type { TokenService } from "./token.service.js";
import { UserSession } from "./session.entity.js";
import { User } from "./user.entity.js";

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly apiTokens: ApiTokenService,
    private readonly identities: IdentityCache,
  ) {}

  /** Checks the password and opens a sign-in session; its id travels in the token. */
  async login(username: string, password: string, clientIp: string | null = null): Promise<{ token: string; expiresAt: Date; user: User }> {
    const user = await this.ds.getRepository(User).findOne({ where: { username: username.trim().toLowerCase() } });
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !ok || !user.active) throw unauthenticated("Invalid username or password");
    const now = this.clock.now();
    const session = { id: randomUUID(), userId: user.id, createdAt: now, expiresAt: this.tokens.staffExpiry(now), endedAt: null, clientIp };
    await this.ds.getRepository(UserSession).insert(session);
    return { token: await this.tokens.issue(user.id, session.id, now), expiresAt: session.expiresAt, user };
  }

  /** Who a bearer token speaks for; UNAUTHENTICATED when the token, account, display or API token is not valid now. */
  async identify(token: string): Promise<Identity> {
    if (isApiToken(token)) return this.apiTokens.identify(token);
    const now = this.clock.now();
    const subject = await this.tokens.verify(token, now);
    if (subject.kind === "display") {
      const row = await this.ds.getRepository(DisplayToken).findOne({ where: { id: subject.displayTokenId }, loadEagerRelations: false });
      if (!row || row.revokedAt) throw unauthenticated("Display token revoked");
      if (row.expiresAt <= now) throw unauthenticated("Display token expired");
      return { viewer: null, display: { displayTokenId: row.id, opdId: row.opdId } };
    }
    // Every signed-in request asks this: the columns a viewer needs (never the password hash), kept while the cache is live.
    const user = await this.identities.get(`session:${subject.sessionId}`, () =>
      queryOne(
        this.ds,
        User,
        `SELECT u.id, u.username, u.display_name, u.role, u.opd_id, u.active, u.must_change_password
           FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL`,
        [subject.sessionId, subject.userId],
      ),
    );
    if (!user) throw unauthenticated("Session ended; sign in again");
    if (!user.active) throw unauthenticated("Account not found or disabled");
    return { viewer: { ...toViewer(user), sessionId: subject.sessionId, mustChangePassword: user.mustChangePassword }, display: null };
  }

  /** The staff member or API token of a plain-HTTP route; a token needs the route's scope, and its use is logged. */
  async routeViewer(token: string, route: TokenRoute, path: string, clientIp: string | null): Promise<StaffViewer> {
    const { viewer } = await this.identify(token);
    if (!viewer) throw unauthenticated("Sign in as staff");
    if (viewer.mustChangePassword) throw passwordChangeRequired();
    if (!viewer.token) return viewer;
    const scope = TOKEN_ROUTES[route];
    const allowed = viewer.token.scopes.includes(scope);
    this.apiTokens.noteRouteUse(viewer.token.id, path, clientIp, allowed);
    return requireScope(viewer, scope);
  }

  async me(viewer: StaffViewer): Promise<User> {
    const user = await this.ds.getRepository(User).findOne({ where: { id: viewer.userId } });
    if (!user) throw unauthenticated("Account not found");
    return user;
  }
}

export function toViewer(user: User): StaffViewer {
  return { role: user.role, userId: user.id, username: user.username, name: user.displayName, opdId: user.opdId, token: null };
}
