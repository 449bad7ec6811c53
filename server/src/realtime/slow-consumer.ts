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
function cutOffIfTooFarBehind(socket: WebSocket, maxBufferedBytes: number, onCutOff: (buffered: number) => void): boolean {
  if (socket.readyState !== socket.OPEN) return true;
  if (!maxBufferedBytes || socket.bufferedAmount <= maxBufferedBytes) return false;
  onCutOff(socket.bufferedAmount);
  cutOff(socket);
  return true;
}

/** Sockets to look at again once this tick's sends are queued, with their allowance and what to log. */
const recheck = new Map<WebSocket, { maxBufferedBytes: number; onCutOff: (buffered: number) => void }>();

/**
 * The check for one answer about to be sent: now, and again once this tick's sends are queued.
 * graphql-ws calls `onNext` for every answer ready in a tick before it sends any of them, so
 * answers finishing together all see the same (small) backlog; without the second look, a
 * client whose operations are all stuck behind that batch would never be checked again. One
 * `setImmediate` serves every socket of the tick.
 */
export function watchBacklog(socket: WebSocket, maxBufferedBytes: number, onCutOff: (buffered: number) => void): void {
  if (!maxBufferedBytes || cutOffIfTooFarBehind(socket, maxBufferedBytes, onCutOff)) return;
  if (!recheck.size) setImmediate(recheckAll);
  recheck.set(socket, { maxBufferedBytes, onCutOff });
}

function recheckAll(): void {
  const due = [...recheck];
  recheck.clear();
  for (const [socket, { maxBufferedBytes, onCutOff }] of due) cutOffIfTooFarBehind(socket, maxBufferedBytes, onCutOff);
}

/** Closes a slow client's connection (1013), and drops it after a short grace. */
export function cutOff(socket: WebSocket): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(TOO_FAR_BEHIND, "Too far behind in reading; reconnect");
  setTimeout(() => socket.terminate(), GRACE_MS).unref();
}
