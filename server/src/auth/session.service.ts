import type { DataSource, EntityManager } from "typeorm";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, notFound } from "../errors.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { tokenKey } from "../realtime/token-sockets.js";
import { uuid } from "../validate.js";
import type { IdentityCache } from "./identity-cache.js";
import { UserSession } from "./session.entity.js";
import { requireStaff, type StaffViewer } from "./viewer.js";

/** A staff sign-in's own session: signed in with a password, not an API token. */
function ownSession(viewer: StaffViewer | null): StaffViewer & { sessionId: string } {
  const v = requireStaff(viewer);
  if (!v.sessionId) throw new DomainError(ErrorCode.FORBIDDEN, "Only a signed-in staff member has sessions");
  return v as StaffViewer & { sessionId: string };
}

/**
 * Sign-in sessions: each login opens one (AuthService.login), its id travels in the token, and an
 * ended session refuses that token at once on every replica (the identity cache hears the row
 * change) and closes its open subscriptions (TOKEN_REVOKED on the bus).
 */
export class SessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly bus: RealtimeBus,
    private readonly identities: IdentityCache,
  ) {}

  /** The viewer's sessions still open, newest first; `current` marks the one of this request. */
  async mine(viewer: StaffViewer | null): Promise<UserSession[]> {
    const me = ownSession(viewer);
    const rows = await this.ds
      .getRepository(UserSession)
      .createQueryBuilder("s")
      .where("s.user_id = :user AND s.ended_at IS NULL AND s.expires_at > :now", { user: me.userId, now: this.clock.now() })
      .orderBy("s.created_at", "DESC")
      .addOrderBy("s.id", "DESC")
      .getMany();
    return rows.map((s) => Object.assign(s, { current: s.id === me.sessionId }));
  }

  /** Ends one of the viewer's own sessions (this one included). */
  async end(viewer: StaffViewer | null, id: string): Promise<UserSession> {
    const me = ownSession(viewer);
    const sessionId = uuid("id", id);
    const ended = await this.ds.transaction(async (tx) => {
      const row = await tx.getRepository(UserSession).findOne({ where: { id: sessionId, userId: me.userId } });
      if (!row) throw notFound("Session");
      if (!row.endedAt) {
        row.endedAt = this.clock.now();
        await tx.getRepository(UserSession).update({ id: sessionId }, { endedAt: row.endedAt });
      }
      return Object.assign(row, { current: row.id === me.sessionId });
    });
    this.closed([sessionId]);
    return ended;
  }

  /** Ends every open session of the viewer but the one of this request; how many were ended. */
  async endOthers(viewer: StaffViewer | null): Promise<number> {
    const me = ownSession(viewer);
    const ids = await this.ds.transaction((tx) => this.endAll(tx, me.userId, me.sessionId));
    this.closed(ids);
    return ids.length;
  }

  /** Ends the session of this request. */
  async signOut(viewer: StaffViewer | null): Promise<boolean> {
    const me = ownSession(viewer);
    await this.end(me, me.sessionId);
    return true;
  }

  /** Inside the caller's transaction: ends the account's open sessions (but `except`); their ids, for `closed` after commit. */
  async endAll(tx: EntityManager, userId: string, except: string | null = null): Promise<string[]> {
    const rows = (await tx.query(
      `UPDATE user_session SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id`,
      [userId, this.clock.now(), except],
    )) as [{ id: string }[], number];
    return rows[0].map((r) => r.id);
  }

  /** After an account change commits: this replica forgets what it kept now (others hear the trigger), and every replica closes the ended sessions' sockets. */
  closed(sessionIds: readonly string[]): void {
    this.identities.invalidate();
    for (const id of sessionIds) this.bus.publish(Topic.TOKEN_REVOKED, CITY_SCOPE, tokenKey("session", id));
  }

  /** When each account last signed in. */
  async lastSignIn(userIds: readonly string[]): Promise<Map<string, Date>> {
    if (!userIds.length) return new Map();
    const rows = (await this.ds.query(
      `SELECT user_id, max(created_at) AS at FROM user_session WHERE user_id = ANY($1::uuid[]) GROUP BY user_id`,
      [userIds],
    )) as { user_id: string; at: Date }[];
    return new Map(rows.map((r) => [r.user_id, new Date(r.at)]));
  }
}
