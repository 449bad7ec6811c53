import type { WebSocket } from "ws";

/** graphql-ws's code for a refused connection; its clients do not retry it. */
const FORBIDDEN_CLOSE = 4403;

/** The key a revocation names: `display:<id>`, `api:<id>`, or a staff sign-in's `session:<id>`. */
export const tokenKey = (kind: "display" | "api" | "session", id: string) => `${kind}:${id}`;

/** The open sockets of each display token, API token and staff session, so a revocation or an ended session can close them at once. */
export class TokenSockets {
  private readonly byToken = new Map<string, Set<WebSocket>>();

  add(key: string, socket: WebSocket): void {
    let set = this.byToken.get(key);
    if (!set) this.byToken.set(key, (set = new Set()));
    set.add(socket);
  }

  remove(key: string, socket: WebSocket): void {
    const set = this.byToken.get(key);
    set?.delete(socket);
    if (set?.size === 0) this.byToken.delete(key);
  }

  close(key: string): number {
    const set = this.byToken.get(key);
    if (!set) return 0;
    for (const socket of set) socket.close(FORBIDDEN_CLOSE, "Token revoked");
    this.byToken.delete(key);
    return set.size;
  }
}
