import type { WebSocket } from "ws";

/** graphql-ws's code for a refused connection; its clients do not retry it. */
const FORBIDDEN_CLOSE = 4403;

/** The open sockets of each display token, so a revocation can close them at once. */
export class DisplaySockets {
  private readonly byToken = new Map<string, Set<WebSocket>>();

  add(tokenId: string, socket: WebSocket): void {
    let set = this.byToken.get(tokenId);
    if (!set) this.byToken.set(tokenId, (set = new Set()));
    set.add(socket);
  }

  remove(tokenId: string, socket: WebSocket): void {
    const set = this.byToken.get(tokenId);
    set?.delete(socket);
    if (set?.size === 0) this.byToken.delete(tokenId);
  }

  close(tokenId: string): number {
    const set = this.byToken.get(tokenId);
    if (!set) return 0;
    for (const socket of set) socket.close(FORBIDDEN_CLOSE, "Display token revoked");
    this.byToken.delete(tokenId);
    return set.size;
  }
}
