import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { watchBacklog } from "./slow-consumer.js";

const LIMIT = 1024 * 1024;
const ANSWER = "x".repeat(512 * 1024);

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

/**
 * A server that, on the client's word, finishes `answers` answers in one tick the way graphql-ws
 * does (every answer's check first, then every send), and a client that reads nothing after that
 * word unless `reading`.
 */
async function batch(answers: number, reading: boolean) {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  servers.push(wss);
  await new Promise((r) => wss.once("listening", r));
  const cutOffs: number[] = [];
  const served = new Promise<WebSocket>((resolve) =>
    wss.on("connection", (socket) =>
      socket.once("message", async () => {
        await Promise.all(
          Array.from({ length: answers }, async () => {
            watchBacklog(socket, LIMIT, (buffered) => cutOffs.push(buffered));
            await Promise.resolve();
            socket.send(ANSWER);
          }),
        );
        resolve(socket);
      }),
    ),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  await new Promise((r) => client.once("open", r));
  let received = 0;
  client.on("message", () => received++);
  if (!reading) (client as unknown as { _socket: { pause(): void } })._socket.pause();
  client.send("go");
  const socket = await served;
  await new Promise((r) => setTimeout(r, 200));
  return { socket, cutOffs, received: () => received, client };
}

describe("a WebSocket client too far behind in reading", () => {
  it("is cut off when answers finishing in the same tick leave more than the allowance unsent", async () => {
    const { socket, cutOffs } = await batch(60, false);
    expect(cutOffs).toHaveLength(1);
    expect(cutOffs[0]).toBeGreaterThan(LIMIT);
    expect(socket.readyState).not.toBe(socket.OPEN);
  });

  it("is not cut off while the unsent backlog stays within the allowance", async () => {
    const { socket, cutOffs, received, client } = await batch(1, true);
    expect(cutOffs).toEqual([]);
    expect(socket.readyState).toBe(socket.OPEN);
    expect(received()).toBe(1);
    client.close();
  });
});
