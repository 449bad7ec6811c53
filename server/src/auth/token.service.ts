import { createHmac } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { unauthenticated } from "../errors.js";
import { codeFrom } from "./password-policy.js";

const ISSUER = "sop-complaint-desk";
const STAFF_AUDIENCE = "desk-api";
const DISPLAY_AUDIENCE = "desk-display";
const DISPLAY_KIND = "display";

/** What a verified token speaks for: a staff account's sign-in session (the `sid` claim), or a display_token row. */
export type TokenSubject = { kind: "staff"; userId: string; sessionId: string } | { kind: "display"; displayTokenId: string };

/** Verified tokens kept so a client's every request does not pay for the signature check again. */
const VERIFIED_MAX = 10_000;

export class TokenService {
  private readonly key: Uint8Array;
  private readonly verified = new Map<string, { subject: TokenSubject; expiresAtMs: number }>();

  constructor(
    secret: string,
    private readonly ttlHours: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** The code that sets up an empty desk's first superuser: derived from the signing secret, so every replica logs and accepts the same one. */
  setupCode(): string {
    return codeFrom(createHmac("sha256", this.key).update("desk-setup").digest());
  }

  /** The expiry a staff token issued now gets (whole seconds), so its session row can name the same instant. */
  staffExpiry(now: Date): Date {
    return new Date((Math.floor(now.getTime() / 1000) + this.ttlHours * 3600) * 1000);
  }

  /** A staff token for one sign-in session of `userId`. */
  issue(userId: string, sessionId: string, now: Date): Promise<string> {
    return this.sign({ sid: sessionId }, userId, STAFF_AUDIENCE, Math.floor(now.getTime() / 1000), this.staffExpiry(now).getTime() / 1000);
  }

  /** A read-only wall-monitor token for one display_token row, valid until `expiresAt` (whole seconds). */
  issueDisplay(displayTokenId: string, now: Date, expiresAt: Date): Promise<string> {
    return this.sign(
      { kind: DISPLAY_KIND },
      displayTokenId,
      DISPLAY_AUDIENCE,
      Math.floor(now.getTime() / 1000),
      Math.floor(expiresAt.getTime() / 1000),
    );
  }

  /** Who the token was issued to; UNAUTHENTICATED when forged, expired or malformed. */
  async verify(token: string, now: Date): Promise<TokenSubject> {
    const hit = this.verified.get(token);
    if (hit && now.getTime() < hit.expiresAtMs) return hit.subject;
    return this.verifySignature(token, now);
  }

  private async verifySignature(token: string, now: Date): Promise<TokenSubject> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: [STAFF_AUDIENCE, DISPLAY_AUDIENCE],
        algorithms: ["HS256"],
        currentDate: now,
      });
      const audiences = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
      if (typeof payload.sub !== "string" || audiences.length !== 1) throw unauthenticated("Invalid token");
      // Audience and kind must agree, so neither kind of token can pass for the other.
      let subject: TokenSubject;
      if (audiences[0] === DISPLAY_AUDIENCE && payload.kind === DISPLAY_KIND) subject = { kind: "display", displayTokenId: payload.sub };
      else if (audiences[0] === STAFF_AUDIENCE && payload.kind === undefined && typeof payload.sid === "string") {
        subject = { kind: "staff", userId: payload.sub, sessionId: payload.sid };
      } else throw unauthenticated("Invalid token");
      if (payload.exp !== undefined) {
        if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
        this.verified.set(token, { subject, expiresAtMs: payload.exp * 1000 });
      }
      return subject;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) {
        throw unauthenticated(e.payload.kind === DISPLAY_KIND ? "Display token expired" : "Token expired; sign in again");
      }
      throw unauthenticated("Invalid token");
    }
  }

  private sign(claims: Record<string, string>, subject: string, audience: string, iat: number, exp: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
  }
}
