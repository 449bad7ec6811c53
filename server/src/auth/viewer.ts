import { forbidden, unauthenticated } from "../errors.js";
import { Role } from "../sop/sop.definition.js";
import { CITY_SCOPE } from "../realtime/pubsub.js";
import { OPD_ROLES } from "./user.entity.js";
import type { ApiScope } from "./api-scope.js";

/** What an API token adds to the role it holds: its scopes. */
export interface ApiTokenGrant {
  id: string;
  label: string;
  scopes: readonly ApiScope[];
}

/** Whoever performs or reads: a signed-in staff member, the complainant (by access code), or the system. */
export interface Actor {
  role: Role;
  userId: string | null;
  name: string | null;
  opdId: string | null;
  /** Set when an API token acts; such an actor never sees a complainant's identity. */
  token?: ApiTokenGrant | null;
}

/** A staff account, or an API token acting as a service account (then `userId` is the token's id). */
export interface StaffViewer extends Actor {
  userId: string;
  username: string;
  name: string;
  token: ApiTokenGrant | null;
  /** The sign-in session a staff token carries; absent for API tokens and for the desk's own setup. */
  sessionId?: string;
  /** Set while the account must choose a new password: it may then only read `me`, change the password and sign out. */
  mustChangePassword?: boolean;
}

/** A wall monitor signed in with a display token: reads the countdowns of one scope, nothing else. */
export interface DisplayViewer {
  displayTokenId: string;
  /** Null for a city-wide screen. */
  opdId: string | null;
}

/** Who sent a request: staff, a display, or nobody (both null); never both. */
export interface Identity {
  viewer: StaffViewer | null;
  display: DisplayViewer | null;
}

export const ANONYMOUS: Identity = Object.freeze({ viewer: null, display: null });

export const SYSTEM_ACTOR: Actor = Object.freeze({ role: Role.SYSTEM, userId: null, name: null, opdId: null });
export const COMPLAINANT_ACTOR: Actor = Object.freeze({ role: Role.COMPLAINANT, userId: null, name: null, opdId: null });

export function requireStaff(viewer: StaffViewer | null): StaffViewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

/** Staff pass; an API token passes only with the scope. */
export function requireScope(viewer: StaffViewer | null, scope: ApiScope): StaffViewer {
  const v = requireStaff(viewer);
  if (v.token && !v.token.scopes.includes(scope)) throw forbidden(`This API token lacks the ${scope} scope`);
  return v;
}

export function requireRole(viewer: StaffViewer | null, ...roles: Role[]): StaffViewer {
  const v = requireStaff(viewer);
  if (!roles.includes(v.role)) throw forbidden(`Only ${roles.join(", ")} may do this`);
  return v;
}

/** For the few reads a wall monitor shares with staff. */
export function requireStaffOrDisplay(who: Identity): void {
  if (!who.viewer && !who.display) throw unauthenticated();
}

export function requireDisplay(who: Identity): DisplayViewer {
  if (who.viewer) throw forbidden("Only a display token may do this");
  if (!who.display) throw unauthenticated("Only a display token may do this");
  return who.display;
}

/** OPD roles see their own OPD's cases; city roles see all. */
export function isOpdBound(actor: Actor): boolean {
  return OPD_ROLES.includes(actor.role);
}

export function canSeeCase(actor: Actor, c: { opdId: string | null }): boolean {
  if (actor.role === Role.SYSTEM || actor.role === Role.ADMIN_INSTANSI || actor.role === Role.SUPERUSER) return true;
  if (isOpdBound(actor)) return actor.opdId !== null && c.opdId === actor.opdId;
  return false;
}

/** Identity of a confidential complainant is for the Admin Instansi alone. */
export function canSeeComplainant(actor: Actor, c: { opdId: string | null; anonymous: boolean; confidential: boolean }): boolean {
  if (c.anonymous || actor.token || !canSeeCase(actor, c)) return false;
  if (c.confidential) return actor.role === Role.ADMIN_INSTANSI;
  return actor.role !== Role.SYSTEM;
}

/** The realtime scope a viewer listens on. */
export function viewerScope(viewer: StaffViewer): string {
  if (isOpdBound(viewer)) {
    if (!viewer.opdId) throw forbidden("This account has no OPD");
    return viewer.opdId;
  }
  return CITY_SCOPE;
}

/** The realtime scope of a subscriber: a display's own, or a staff member's. */
export function subscriberScope(who: Identity): string {
  if (who.display) return who.display.opdId ?? CITY_SCOPE;
  return viewerScope(requireStaff(who.viewer));
}
