import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { Clock } from "../clock.js";
import { forbidden, invalid, notFound, unauthenticated } from "../errors.js";
import { queryOne } from "../db/hydrate.js";
import { newestFirst } from "../db/newest-first.js";
import { cursorPart, decodeCursor, encodeCursor, type Page } from "../db/cursor.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { tokenKey } from "../realtime/token-sockets.js";
import { Role } from "../sop/sop.definition.js";
import { intInRange, text, uuid } from "../validate.js";
import { ApiScope, TOKEN_ROLES } from "./api-scope.js";
import { ApiToken, ApiTokenUse } from "./api-token.entity.js";
import type { ApiTokenUsage } from "./api-token.usage.js";
import type { IdentityCache } from "./identity-cache.js";
import { Opd } from "./opd.entity.js";
import { recordChange } from "../trail/admin-trail.js";
import { recordTokenRevoked, tokenSummary } from "./token-trail.js";
import { User } from "./user.entity.js";
import { requireRole, type Identity, type StaffViewer } from "./viewer.js";

const MANAGERS = [Role.ADMIN_INSTANSI, Role.SUPERUSER];
const DAY_MS = 86_400_000;
const PREFIX = "desk_";
const FORMAT = /^desk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
/** Not an argon2 hash, so no password ever signs in as a token's service account. */
const SERVICE_ACCOUNT_PASSWORD = "!service-account";

export interface NewApiToken {
  label: string;
  role: Role;
  opdId?: string | null;
  scopes: ApiScope[];
  days: number;
}

/** Whether a bearer value is an API token rather than a signed session or display token. */
export const isApiToken = (raw: string) => raw.startsWith(PREFIX);

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest();

/**
 * API tokens: made, listed and revoked by the Admin Instansi or the superuser; never by another token.
 * Each token is a service account: an app_user row with the same id, role and OPD that cannot sign in,
 * so everything it does is recorded against an account like any staff action.
 */
export class ApiTokenService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly bus: RealtimeBus,
    private readonly usage: ApiTokenUsage,
    private readonly identities: IdentityCache,
  ) {}

  async create(viewer: StaffViewer | null, input: NewApiToken): Promise<{ token: string; apiToken: ApiToken }> {
    const manager = requireManager(viewer);
    const label = text("label", input.label, 80);
    const days = intInRange("days", input.days, 1, 365);
    if (!TOKEN_ROLES.includes(input.role)) throw invalid("role", `must be one of ${TOKEN_ROLES.join(", ")}`);
    const scopes = [...new Set(input.scopes)].sort();
    if (!scopes.length) throw invalid("scopes", "must name at least one scope");
    const opdId = input.opdId == null ? null : uuid("opdId", input.opdId);
    if (input.role === Role.ADMIN_INSTANSI && opdId) throw invalid("opdId", "the Admin Instansi role is city-wide; leave the OPD out");
    if (input.role !== Role.ADMIN_INSTANSI && !opdId) throw invalid("opdId", `the ${input.role} role needs an OPD`);
    const createdAt = this.clock.now();
    const expiresAt = new Date(createdAt.getTime() + days * DAY_MS);
    const id = randomUUID();
    const secret = randomBytes(32).toString("base64url");
    const apiToken = await this.ds.transaction(async (tx) => {
      const opd = opdId ? await tx.getRepository(Opd).findOneBy({ id: opdId }) : null;
      if (opdId && !opd) throw notFound("OPD");
      await tx.getRepository(User).insert({
        id,
        username: `api:${id}`,
        displayName: `${label} (API)`,
        passwordHash: SERVICE_ACCOUNT_PASSWORD,
        role: input.role,
        opdId,
        active: true,
      });
      await tx.getRepository(ApiToken).insert({
        id,
        label,
        role: input.role,
        opdId,
        scopes,
        secretHash: hashSecret(secret),
        createdBy: manager.userId,
        createdAt,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      });
      await recordChange(tx, {
        actor: manager,
        at: createdAt,
        action: "API_TOKEN_CREATED",
        subjectType: "API_TOKEN",
        subjectId: id,
        summary: tokenSummary(label, opd),
        before: null,
        after: { label, role: input.role, opd: opd?.code ?? null, scopes, expiresAt },
      });
      return tx.getRepository(ApiToken).findOneOrFail({ where: { id } });
    });
    return { token: `${PREFIX}${id.replaceAll("-", "")}_${secret}`, apiToken };
  }

  /** Refuses the token from now on and closes its open subscriptions on every replica. */
  async revoke(viewer: StaffViewer | null, id: string): Promise<ApiToken> {
    const manager = requireManager(viewer);
    const tokenId = uuid("id", id);
    const row = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, tokenId, true);
      if (!held.revokedAt) {
        const revokedAt = this.clock.now();
        await tx.getRepository(ApiToken).update({ id: tokenId }, { revokedAt });
        await tx.getRepository(User).update({ id: tokenId }, { active: false });
        await recordTokenRevoked(tx, manager, "API_TOKEN", held, revokedAt);
      }
      return this.findOrFail(tx, tokenId, false);
    });
    // Other replicas hear the trigger's notification; this one need not wait for it.
    this.identities.invalidate();
    this.bus.publish(Topic.TOKEN_REVOKED, CITY_SCOPE, tokenKey("api", tokenId));
    return row;
  }

  async list(viewer: StaffViewer | null, first: number, after?: string | null): Promise<Page<ApiToken>> {
    requireManager(viewer);
    return newestFirst(this.ds.getRepository(ApiToken).createQueryBuilder("t").leftJoinAndSelect("t.opd", "opd"), first, after);
  }

  /** A token's use log, newest first; what is still buffered on this replica is written first. */
  async uses(viewer: StaffViewer | null, tokenId: string, first: number, after?: string | null): Promise<Page<ApiTokenUse>> {
    requireManager(viewer);
    const id = uuid("tokenId", tokenId);
    const limit = intInRange("first", first, 1, 500);
    await this.findOrFail(this.ds.manager, id, false);
    await this.usage.flush();
    const q = this.ds.getRepository(ApiTokenUse).createQueryBuilder("u").where("u.token_id = :id", { id });
    if (after) {
      const [serial] = decodeCursor<[string]>(after, [cursorPart.serial]);
      q.andWhere("u.id < :serial::bigint", { serial });
    }
    const rows = await q
      .orderBy("u.id", "DESC")
      .take(limit + 1)
      .getMany();
    const nodes = rows.slice(0, limit);
    return { nodes, cursors: nodes.map((u) => encodeCursor(String(u.id))), hasNextPage: rows.length > limit };
  }

  /** The token a request came with. */
  current(viewer: StaffViewer | null): Promise<ApiToken> {
    if (!viewer) throw unauthenticated("Only an API token may ask this");
    if (!viewer.token) throw forbidden("Only an API token may ask this");
    return this.findOrFail(this.ds.manager, viewer.token.id, false);
  }

  noteRouteUse(tokenId: string, path: string, clientIp: string | null, allowed: boolean): void {
    this.usage.record({ tokenId, at: this.clock.now(), operationType: "http", operationName: null, rootFields: [path], clientIp, allowed });
  }

  /** Who an API token speaks for; UNAUTHENTICATED when it is malformed, unknown, revoked or expired. */
  async identify(raw: string): Promise<Identity> {
    const match = FORMAT.exec(raw);
    if (!match) throw unauthenticated("Invalid token");
    const id = match[1].replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
    const row = await this.identities.get(`token:${id}`, () =>
      queryOne(
        this.ds,
        ApiToken,
        `SELECT id, label, role, opd_id, scopes, secret_hash, expires_at, revoked_at FROM api_token WHERE id = $1`,
        [id],
      ),
    );
    const presented = hashSecret(match[2]);
    // Compared even for an unknown id, so timing does not tell which ids exist.
    const matches = timingSafeEqual(presented, row?.secretHash ?? Buffer.alloc(presented.length));
    if (!row || !matches) throw unauthenticated("Invalid token");
    if (row.revokedAt) throw unauthenticated("API token revoked");
    if (row.expiresAt <= this.clock.now()) throw unauthenticated("API token expired");
    const viewer: StaffViewer = {
      role: row.role,
      userId: row.id,
      username: `api:${row.id}`,
      name: `${row.label} (API)`,
      opdId: row.opdId,
      token: { id: row.id, label: row.label, scopes: row.scopes },
    };
    return { viewer, display: null };
  }

  private async findOrFail(tx: EntityManager, id: string, lock: boolean): Promise<ApiToken> {
    const row = await tx.getRepository(ApiToken).findOne({
      where: { id },
      ...(lock ? { lock: { mode: "pessimistic_write" as const }, loadEagerRelations: false } : {}),
    });
    if (!row) throw notFound("API token");
    return row;
  }
}

/** Staff with a city role; an API token never manages tokens, whatever role it holds. */
function requireManager(viewer: StaffViewer | null): StaffViewer {
  const manager = requireRole(viewer, ...MANAGERS);
  if (manager.token) throw forbidden("An API token cannot manage API tokens");
  return manager;
}
