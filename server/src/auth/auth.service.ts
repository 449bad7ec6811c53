import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Clock } from "../clock.js";
import { queryOne } from "../db/hydrate.js";
import { DomainError, ErrorCode, invalid, unauthenticated } from "../errors.js";
import { Role } from "../sop/sop.definition.js";
import { TOKEN_ROUTES, type TokenRoute } from "./api-scope.js";
import { isApiToken, type ApiTokenService } from "./api-token.service.js";
import { requireRole, requireScope, type Identity, type StaffViewer } from "./viewer.js";
import { DisplayToken } from "./display-token.entity.js";
import type { IdentityCache } from "./identity-cache.js";
import { Opd } from "./opd.entity.js";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./password.js";
import type { TokenService } from "./token.service.js";
import { OPD_ROLES, STAFF_ROLES, User } from "./user.entity.js";
import { text } from "../validate.js";

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  opdId?: string | null;
}

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly apiTokens: ApiTokenService,
    private readonly identities: IdentityCache,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; user: User }> {
    const user = await this.ds.getRepository(User).findOne({ where: { username: username.trim().toLowerCase() } });
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !ok || !user.active) throw unauthenticated("Invalid username or password");
    const { token, expiresAt } = await this.tokens.issue(user.id, this.clock.now());
    return { token, expiresAt, user };
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
    const user = await this.identities.get(`user:${subject.userId}`, () =>
      queryOne(this.ds, User, `SELECT id, username, display_name, role, opd_id, active FROM app_user WHERE id = $1`, [subject.userId]),
    );
    if (!user || !user.active) throw unauthenticated("Account not found or disabled");
    return { viewer: toViewer(user), display: null };
  }

  /** The staff member or API token of a plain-HTTP route; a token needs the route's scope, and its use is logged. */
  async routeViewer(token: string, route: TokenRoute, path: string, clientIp: string | null): Promise<StaffViewer> {
    const { viewer } = await this.identify(token);
    if (!viewer) throw unauthenticated("Sign in as staff");
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

  async createUser(viewer: StaffViewer | null, input: NewUser): Promise<User> {
    requireRole(viewer, Role.SUPERUSER);
    return this.insertUser(input);
  }

  /** Used by setup and the demo seed; checks the same rules as createUser. */
  async insertUser(input: NewUser): Promise<User> {
    const username = text("username", input.username, 64).toLowerCase();
    if (!/^[a-z0-9._-]+$/.test(username)) throw invalid("username", "letters, digits, dot, dash and underscore only");
    const displayName = text("displayName", input.displayName, 200);
    if (input.password.length < 8 || input.password.length > 256) throw invalid("password", "8 to 256 characters");
    if (!STAFF_ROLES.includes(input.role)) throw invalid("role", `must be one of ${STAFF_ROLES.join(", ")}`);
    const needsOpd = OPD_ROLES.includes(input.role);
    if (needsOpd !== Boolean(input.opdId)) {
      throw invalid("opdId", needsOpd ? `${input.role} needs an OPD` : `${input.role} is city-wide and takes no OPD`);
    }
    const passwordHash = await hashPassword(input.password);
    return this.ds.transaction(async (tx) => {
      if (input.opdId && !(await tx.getRepository(Opd).exists({ where: { id: input.opdId } }))) {
        throw new DomainError(ErrorCode.NOT_FOUND, "OPD not found", { field: "opdId" });
      }
      if (await tx.getRepository(User).exists({ where: { username } })) {
        throw new DomainError(ErrorCode.CONFLICT, `Username ${username} is taken`, { field: "username" });
      }
      const id = randomUUID();
      await tx.getRepository(User).insert({
        id,
        username,
        displayName,
        passwordHash,
        role: input.role,
        opdId: input.opdId ?? null,
        active: true,
      });
      return tx.getRepository(User).findOneOrFail({ where: { id } });
    });
  }
}

export function toViewer(user: User): StaffViewer {
  return { role: user.role, userId: user.id, username: user.username, name: user.displayName, opdId: user.opdId, token: null };
}
