import { randomUUID, timingSafeEqual } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, forbidden, invalid, notFound } from "../errors.js";
import { Role } from "../sop/sop.definition.js";
import { recordChange, SYSTEM_ACTOR, type TrailActor } from "../trail/admin-trail.js";
import { MAX, optionalText, text, uuid } from "../validate.js";
import { Opd } from "./opd.entity.js";
import { hashPassword, verifyPassword } from "./password.js";
import { checkNewPassword, oneTimePassword } from "./password-policy.js";
import type { SessionService } from "./session.service.js";
import { OPD_ROLES, STAFF_ROLES, User } from "./user.entity.js";
import { requireRole, requireStaff, type StaffViewer } from "./viewer.js";

/** Who administers accounts: the superuser every account, the Admin Instansi the OPD staff (ADMIN_OPD, LIAISON, OFFICER). */
const MANAGERS = [Role.SUPERUSER, Role.ADMIN_INSTANSI];
/** The most accounts one list answers; a department has tens. */
const LIST_LIMIT = 500;
const ROLE_LABEL: Record<string, string> = {
  [Role.SUPERUSER]: "Superadmin",
  [Role.ADMIN_INSTANSI]: "Admin Instansi",
  [Role.ADMIN_OPD]: "Admin OPD",
  [Role.LIAISON]: "Pejabat Penghubung",
  [Role.OFFICER]: "Petugas",
};

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  opdId?: string | null;
  /** Omitted: the desk makes a one-time password and the account must choose its own at first sign-in. */
  password?: string | null;
  mustChangePassword?: boolean;
}

/** The first superuser of an empty desk, with the setup code the server logs while it has no accounts. */
export interface DeskSetup {
  code: string;
  username: string;
  displayName: string;
  password: string;
}

export interface AccountEdit {
  displayName: string;
  role: Role;
  opdId?: string | null;
}

export interface AccountFilter {
  search?: string | null;
  role?: Role | null;
  opdId?: string | null;
  active?: boolean | null;
}

/** An account with the one-time password made for it, shown this once. */
export interface WithOneTimePassword {
  user: User;
  oneTimePassword: string | null;
}

const refusal = (code: ErrorCode, reason: string, message: string, field?: string) =>
  new DomainError(code, message, field ? { field, reason } : { reason });

/** What the trail keeps of an account: never its password or hash. */
const trailed = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  opdId: u.opdId,
  active: u.active,
  mustChangePassword: u.mustChangePassword,
});

/**
 * Staff accounts: listed, created, edited, deactivated and reactivated, their passwords reset, by the
 * superuser (any account) and the Admin Instansi (OPD staff only); and each account's own password.
 * Every change writes the administration trail in its transaction. Deactivating, resetting the
 * password or changing the role or OPD ends the account's sessions: its tokens are refused and its
 * subscriptions closed on every replica.
 */
export class AccountService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly setupCode: string,
  ) {}

  /** True while the desk has no account at all: the console then offers to set up the first superuser. */
  async setupRequired(): Promise<boolean> {
    return !(await this.ds.getRepository(User).exists({}));
  }

  /**
   * The first superuser, made from the console on an empty desk with the code the server logs at start
   * (FORBIDDEN `WRONG_SETUP_CODE` otherwise); CONFLICT `ALREADY_SET_UP` once any account exists, also
   * for the loser of two setups at the same moment.
   */
  async setUpDesk(input: DeskSetup): Promise<User> {
    const alreadySetUp = () => refusal(ErrorCode.CONFLICT, "ALREADY_SET_UP", "The desk already has accounts; sign in instead");
    if (!(await this.setupRequired())) throw alreadySetUp();
    const code = Buffer.from(text("code", input.code, 64).toLowerCase());
    const expected = Buffer.from(this.setupCode);
    if (code.length !== expected.length || !timingSafeEqual(code, expected)) {
      throw refusal(ErrorCode.FORBIDDEN, "WRONG_SETUP_CODE", "Not the setup code the server logged at start", "code");
    }
    checkNewPassword("password", input.password, input.username.trim());
    const account = { username: input.username, displayName: input.displayName, password: input.password, role: Role.SUPERUSER };
    return this.insertUser(account, SYSTEM_ACTOR, async (tx) => {
      await tx.query("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE");
      if (await tx.getRepository(User).exists({})) throw alreadySetUp();
    });
  }

  /** The accounts the caller may manage (API tokens' service accounts never), by name; filters narrow it. */
  async list(viewer: StaffViewer | null, filter: AccountFilter = {}): Promise<User[]> {
    const manager = requireRole(viewer, ...MANAGERS);
    const q = this.ds
      .getRepository(User)
      .createQueryBuilder("u")
      .leftJoinAndSelect("u.opd", "opd")
      .where("NOT EXISTS (SELECT 1 FROM api_token t WHERE t.id = u.id)");
    if (manager.role !== Role.SUPERUSER) q.andWhere("u.role IN (:...opdRoles)", { opdRoles: OPD_ROLES });
    const search = optionalText("search", filter.search, MAX.short);
    if (search) {
      q.andWhere("(u.username ILIKE :search OR u.display_name ILIKE :search)", { search: `%${search.replace(/[\\%_]/g, "\\$&")}%` });
    }
    if (filter.role) q.andWhere("u.role = :role", { role: filter.role });
    if (filter.opdId) q.andWhere("u.opd_id = :opd", { opd: uuid("opdId", filter.opdId) });
    if (filter.active != null) q.andWhere("u.active = :active", { active: filter.active });
    const users = await q.orderBy("u.display_name", "ASC").addOrderBy("u.username", "ASC").take(LIST_LIMIT).getMany();
    const last = await this.sessions.lastSignIn(users.map((u) => u.id));
    for (const u of users) u.lastSignInAt = last.get(u.id) ?? null;
    return users;
  }

  async create(viewer: StaffViewer | null, input: NewUser): Promise<WithOneTimePassword> {
    const manager = requireRole(viewer, ...MANAGERS);
    this.checkRoleAndOpd(input.role, input.opdId);
    this.mayManage(manager, input.role);
    const given = input.password ?? null;
    if (given !== null) checkNewPassword("password", given, input.username.trim());
    const oneTime = given === null ? oneTimePassword() : null;
    const user = await this.insertUser({ ...input, password: given ?? oneTime, mustChangePassword: given === null }, manager);
    return { user, oneTimePassword: oneTime };
  }

  /** An account made by setup, the demo seed or `create`; the same rules but the password policy (setup's own rule: 8 characters). */
  async insertUser(input: NewUser, actor: TrailActor = SYSTEM_ACTOR, precondition?: (tx: EntityManager) => Promise<void>): Promise<User> {
    const username = text("username", input.username, 64).toLowerCase();
    if (!/^[a-z0-9._-]+$/.test(username)) throw invalid("username", "letters, digits, dot, dash and underscore only");
    const displayName = text("displayName", input.displayName, 200);
    const password = input.password ?? "";
    if (password.length < 8 || password.length > 256) throw invalid("password", "8 to 256 characters");
    const opdId = this.checkRoleAndOpd(input.role, input.opdId);
    const passwordHash = await hashPassword(password);
    return this.ds.transaction(async (tx) => {
      await precondition?.(tx);
      const opd = await this.opdOrFail(tx, opdId);
      if (await tx.getRepository(User).exists({ where: { username } })) {
        throw refusal(ErrorCode.CONFLICT, "USERNAME_TAKEN", `Username ${username} is taken`, "username");
      }
      const id = randomUUID();
      const mustChangePassword = input.mustChangePassword ?? false;
      await tx
        .getRepository(User)
        .insert({ id, username, displayName, passwordHash, role: input.role, opdId, active: true, mustChangePassword });
      const user = await tx.getRepository(User).findOneOrFail({ where: { id } });
      await this.trail(tx, actor, "USER_CREATED", user, opd, null, trailed(user));
      return user;
    });
  }

  /** Name, role and OPD. A role or OPD change ends the account's sessions, so its screens sign in again with the new scope. */
  async update(viewer: StaffViewer | null, id: string, edit: AccountEdit): Promise<User> {
    const manager = requireRole(viewer, ...MANAGERS);
    const userId = uuid("id", id);
    const displayName = text("displayName", edit.displayName, 200);
    const opdId = this.checkRoleAndOpd(edit.role, edit.opdId);
    const { user, ended } = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, userId);
      this.mayManage(manager, held.role);
      this.mayManage(manager, edit.role);
      if (held.id === manager.userId && (edit.role !== held.role || opdId !== held.opdId)) {
        throw refusal(ErrorCode.FORBIDDEN, "OWN_ROLE", "Nobody may change their own role or OPD", "role");
      }
      if (held.role === Role.SUPERUSER && edit.role !== Role.SUPERUSER && held.active) await this.keepASuperuser(tx, held.id, "role");
      const opd = await this.opdOrFail(tx, opdId);
      const before = trailed(held);
      await tx.getRepository(User).update({ id: userId }, { displayName, role: edit.role, opdId });
      const scopeChanged = held.role !== edit.role || held.opdId !== opdId;
      const ended = scopeChanged ? await this.sessions.endAll(tx, userId) : [];
      const after = await this.findOrFail(tx, userId, false);
      await this.trail(tx, manager, "USER_UPDATED", after, opd, before, { ...trailed(after), sessionsEnded: ended.length });
      return { user: after, ended };
    });
    this.sessions.closed(ended);
    return user;
  }

  /** Deactivating refuses the account's sign-in and ends its sessions at once; reactivating lets it sign in again. */
  async setActive(viewer: StaffViewer | null, id: string, active: boolean): Promise<User> {
    const manager = requireRole(viewer, ...MANAGERS);
    const userId = uuid("id", id);
    const { user, ended } = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, userId);
      this.mayManage(manager, held.role);
      if (held.id === manager.userId && !active) {
        throw refusal(ErrorCode.FORBIDDEN, "OWN_ACCOUNT", "Nobody may deactivate their own account", "active");
      }
      if (held.active === active) return { user: await this.findOrFail(tx, userId, false), ended: [] };
      if (!active && held.role === Role.SUPERUSER) await this.keepASuperuser(tx, held.id, "active");
      await tx.getRepository(User).update({ id: userId }, { active });
      const ended = active ? [] : await this.sessions.endAll(tx, userId);
      const after = await this.findOrFail(tx, userId, false);
      await this.trail(tx, manager, active ? "USER_REACTIVATED" : "USER_DEACTIVATED", after, after.opd, trailed(held), {
        ...trailed(after),
        sessionsEnded: ended.length,
      });
      return { user: after, ended };
    });
    this.sessions.closed(ended);
    return user;
  }

  /** A new one-time password, shown once: the account's sessions end and it must choose its own password at its next sign-in. */
  async resetPassword(viewer: StaffViewer | null, id: string): Promise<WithOneTimePassword> {
    const manager = requireRole(viewer, ...MANAGERS);
    const userId = uuid("id", id);
    const oneTime = oneTimePassword();
    const passwordHash = await hashPassword(oneTime);
    const { user, ended } = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, userId);
      this.mayManage(manager, held.role);
      if (held.id === manager.userId) {
        throw refusal(ErrorCode.FORBIDDEN, "OWN_ACCOUNT", "Change your own password with changePassword, not a reset", "id");
      }
      await tx.getRepository(User).update({ id: userId }, { passwordHash, mustChangePassword: true });
      const ended = await this.sessions.endAll(tx, userId);
      const after = await this.findOrFail(tx, userId, false);
      await this.trail(tx, manager, "USER_PASSWORD_RESET", after, after.opd, trailed(held), {
        ...trailed(after),
        password: "reset",
        sessionsEnded: ended.length,
      });
      return { user: after, ended };
    });
    this.sessions.closed(ended);
    return { user, oneTimePassword: oneTime };
  }

  /** The caller's own password: the current one, then a new one by the policy. The account's other sessions end; this one stays. */
  async changeOwnPassword(viewer: StaffViewer | null, current: string, next: string): Promise<User> {
    const me = requireStaff(viewer);
    if (me.token || !me.sessionId) throw forbidden("Only a signed-in staff member changes a password");
    const stored = await this.ds.getRepository(User).findOne({ where: { id: me.userId }, select: { id: true, passwordHash: true } });
    if (!stored || !(await verifyPassword(stored.passwordHash, current))) {
      throw refusal(ErrorCode.VALIDATION, "WRONG_PASSWORD", "currentPassword: is not the account's password", "currentPassword");
    }
    checkNewPassword("newPassword", next, me.username);
    if (next === current)
      throw refusal(ErrorCode.VALIDATION, "SAME_PASSWORD", "newPassword: must differ from the current one", "newPassword");
    const passwordHash = await hashPassword(next);
    const { user, ended } = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, me.userId);
      await tx.getRepository(User).update({ id: me.userId }, { passwordHash, mustChangePassword: false });
      const ended = await this.sessions.endAll(tx, me.userId, me.sessionId);
      const after = await this.findOrFail(tx, me.userId, false);
      await this.trail(tx, me, "USER_PASSWORD_CHANGED", after, after.opd, trailed(held), {
        ...trailed(after),
        password: "changed",
        sessionsEnded: ended.length,
      });
      return { user: after, ended };
    });
    this.sessions.closed(ended);
    return user;
  }

  /** The superuser manages every role; the Admin Instansi only OPD staff, never city-wide roles or superusers. */
  private mayManage(manager: StaffViewer, role: Role): void {
    if (manager.role === Role.SUPERUSER || OPD_ROLES.includes(role)) return;
    throw refusal(ErrorCode.FORBIDDEN, "CITY_ROLE", "The Admin Instansi manages OPD staff accounts only", "role");
  }

  private checkRoleAndOpd(role: Role, opdId: string | null | undefined): string | null {
    if (!STAFF_ROLES.includes(role)) throw invalid("role", `must be one of ${STAFF_ROLES.join(", ")}`);
    const needsOpd = OPD_ROLES.includes(role);
    if (needsOpd !== Boolean(opdId)) throw invalid("opdId", needsOpd ? `${role} needs an OPD` : `${role} is city-wide and takes no OPD`);
    return opdId ? uuid("opdId", opdId) : null;
  }

  /** Refuses when `userId` is the last active superuser; the superusers' rows stay locked until commit, so two such changes cannot both pass. */
  private async keepASuperuser(tx: EntityManager, userId: string, field: string): Promise<void> {
    const rows = (await tx.query(`SELECT id FROM app_user WHERE role = $1 AND active FOR UPDATE`, [Role.SUPERUSER])) as { id: string }[];
    if (!rows.some((r) => r.id !== userId)) {
      throw refusal(ErrorCode.CONFLICT, "LAST_SUPERUSER", "The last active superuser cannot be deactivated or lose the role", field);
    }
  }

  private async opdOrFail(tx: EntityManager, opdId: string | null): Promise<Opd | null> {
    if (!opdId) return null;
    const opd = await tx.getRepository(Opd).findOne({ where: { id: opdId } });
    if (!opd) throw new DomainError(ErrorCode.NOT_FOUND, "OPD not found", { field: "opdId" });
    return opd;
  }

  /** A staff account (never an API token's service account): locked for the change, or read back with its OPD. */
  private async findOrFail(tx: EntityManager, id: string, lock = true): Promise<User> {
    const q = tx
      .getRepository(User)
      .createQueryBuilder("u")
      .where("u.id = :id AND NOT EXISTS (SELECT 1 FROM api_token t WHERE t.id = u.id)", { id });
    const user = await (lock ? q.setLock("pessimistic_write") : q.leftJoinAndSelect("u.opd", "opd")).getOne();
    if (!user) throw notFound("Account");
    return user;
  }

  private trail(
    tx: EntityManager,
    actor: TrailActor,
    action: string,
    user: User,
    opd: Opd | null,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    const summary = `${user.username} (${ROLE_LABEL[user.role] ?? user.role}${opd ? `, ${opd.code}` : ""})`;
    return recordChange(tx, { actor, at: this.clock.now(), action, subjectType: "USER", subjectId: user.id, summary, before, after });
  }
}
