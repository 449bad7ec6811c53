import type { WebSocket } from "ws";

/** Close code for a client too far behind in reading (1013 "try again later": it may reconnect and resync). */
export const TOO_FAR_BEHIND = 1013;

/** How long a closed slow client gets to read up to the close frame before its socket is dropped. */
const GRACE_MS = 1_000;

/**
 * A client that stops reading makes everything sent to it pile up in this process's memory.
 * Past `maxBufferedBytes` unsent (0: no limit), the connection is closed and, after a short grace,
 * dropped with everything queued for it. True when the client was (or already is) cut off.
 */
export function cutOffIfTooFarBehind(socket: WebSocket, maxBufferedBytes: number, onCutOff: (buffered: number) => void): boolean {
  if (socket.readyState !== socket.OPEN) return true;
  if (!maxBufferedBytes || socket.bufferedAmount <= maxBufferedBytes) return false;
  onCutOff(socket.bufferedAmount);
  cutOff(socket);
  return true;
}

/** Closes a slow client's connection (1013), and drops it after a short grace. */
export function cutOff(socket: WebSocket): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(TOO_FAR_BEHIND, "Too far behind in reading; reconnect");
  setTimeout(() => socket.terminate(), GRACE_MS).unref();
}
