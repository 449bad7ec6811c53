import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { Clock } from "../clock.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { tokenKey } from "../realtime/token-sockets.js";
import { forbidden, notFound } from "../errors.js";
import { Role } from "../sop/sop.definition.js";
import { newestFirst } from "../db/newest-first.js";
import type { Page } from "../db/cursor.js";
import { intInRange, text, uuid } from "../validate.js";
import { DisplayToken } from "./display-token.entity.js";
import { Opd } from "./opd.entity.js";
import { recordChange } from "../trail/admin-trail.js";
import { recordTokenRevoked, tokenSummary } from "./token-trail.js";
import type { TokenService } from "./token.service.js";
import { requireDisplay, requireRole, type Identity, type StaffViewer } from "./viewer.js";

const MANAGERS = [Role.ADMIN_INSTANSI, Role.SUPERUSER, Role.ADMIN_OPD];
const DAY_MS = 86_400_000;

export interface NewDisplayToken {
  label: string;
  opdId?: string | null;
  days: number;
}

/** Display tokens: city roles manage every screen, an Admin OPD only its own OPD's. */
export class DisplayTokenService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly bus: RealtimeBus,
  ) {}

  async create(viewer: StaffViewer | null, input: NewDisplayToken): Promise<{ token: string; displayToken: DisplayToken }> {
    const manager = requireRole(viewer, ...MANAGERS);
    const label = text("label", input.label, 80);
    const days = intInRange("days", input.days, 1, 365);
    const wanted = input.opdId == null ? null : uuid("opdId", input.opdId);
    const opdId = manager.role === Role.ADMIN_OPD ? ownOpd(manager, wanted) : wanted;
    const createdAt = this.clock.now();
    // Whole seconds, so the row and the JWT's exp name the same instant.
    const expiresAt = new Date(Math.floor((createdAt.getTime() + days * DAY_MS) / 1000) * 1000);
    const displayToken = await this.ds.transaction(async (tx) => {
      const opd = opdId ? await tx.getRepository(Opd).findOneBy({ id: opdId }) : null;
      if (opdId && !opd) throw notFound("OPD");
      const id = randomUUID();
      await tx.getRepository(DisplayToken).insert({ id, label, opdId, createdBy: manager.userId, createdAt, expiresAt, revokedAt: null });
      await recordChange(tx, {
        actor: manager,
        at: createdAt,
        action: "DISPLAY_TOKEN_CREATED",
        subjectType: "DISPLAY_TOKEN",
        subjectId: id,
        summary: tokenSummary(label, opd),
        before: null,
        after: { label, opd: opd?.code ?? null, expiresAt },
      });
      return tx.getRepository(DisplayToken).findOneOrFail({ where: { id } });
    });
    return { token: await this.tokens.issueDisplay(displayToken.id, createdAt, expiresAt), displayToken };
  }

  /** Refuses the token from now on; screens connected with it are closed after commit. */
  async revoke(viewer: StaffViewer | null, id: string): Promise<DisplayToken> {
    const manager = requireRole(viewer, ...MANAGERS);
    const tokenId = uuid("id", id);
    const row = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, tokenId, true);
      if (!mayManage(manager, held)) throw forbidden("This display token belongs to another OPD");
      if (!held.revokedAt) {
        const revokedAt = this.clock.now();
        await tx.getRepository(DisplayToken).update({ id: tokenId }, { revokedAt });
        await recordTokenRevoked(tx, manager, "DISPLAY_TOKEN", held, revokedAt);
      }
      return this.findOrFail(tx, tokenId, false);
    });
    this.bus.publish(Topic.TOKEN_REVOKED, CITY_SCOPE, tokenKey("display", tokenId));
    return row;
  }

  /** Newest first: its OPD's for an Admin OPD, all for city roles. */
  async list(viewer: StaffViewer | null, first: number, after?: string | null): Promise<Page<DisplayToken>> {
    const manager = requireRole(viewer, ...MANAGERS);
    const q = this.ds.getRepository(DisplayToken).createQueryBuilder("t").leftJoinAndSelect("t.opd", "opd");
    if (manager.role === Role.ADMIN_OPD) q.where("t.opd_id = :opd", { opd: ownOpd(manager, null) });
    return newestFirst(q, first, after);
  }

  /** The display token the request came with. */
  current(who: Identity): Promise<DisplayToken> {
    const display = requireDisplay(who);
    return this.findOrFail(this.ds.manager, display.displayTokenId, false);
  }

  private async findOrFail(tx: EntityManager, id: string, lock: boolean): Promise<DisplayToken> {
    const row = await tx.getRepository(DisplayToken).findOne({
      where: { id },
      ...(lock ? { lock: { mode: "pessimistic_write" as const }, loadEagerRelations: false } : {}),
    });
    if (!row) throw notFound("Display token");
    return row;
  }
}

/** An Admin OPD's screens show its own OPD; naming another is refused. */
function ownOpd(manager: StaffViewer, wanted: string | null): string {
  if (!manager.opdId) throw forbidden("This account has no OPD");
  if (wanted !== null && wanted !== manager.opdId) throw forbidden("An Admin OPD may only make display tokens for its own OPD");
  return manager.opdId;
}

function mayManage(manager: StaffViewer, row: DisplayToken): boolean {
  return manager.role !== Role.ADMIN_OPD || (manager.opdId !== null && row.opdId === manager.opdId);
}
