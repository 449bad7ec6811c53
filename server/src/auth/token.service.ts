import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { unauthenticated } from "../errors.js";

const ISSUER = "sop-complaint-desk";
const AUDIENCE = "desk-api";

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlHours: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlHours * 3600;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The user id the token was issued to; UNAUTHENTICATED when forged, expired or malformed. */
  async verify(token: string, now: Date): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        currentDate: now,
      });
      if (typeof payload.sub !== "string") throw unauthenticated("Invalid token");
      return payload.sub;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw unauthenticated("Token expired; sign in again");
      throw unauthenticated("Invalid token");
    }
  }
}
