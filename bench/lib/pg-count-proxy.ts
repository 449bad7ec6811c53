import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of PostgreSQL that counts the SQL statements its clients send, whatever
 * the client library: every simple-protocol Query ('Q') and every extended-protocol Execute ('E').
 * pg_stat_statements needs shared_preload_libraries (a server restart), so the benchmarks count
 * on the wire instead, the same way for every server measured. Used only for a counting phase:
 * the throughput runs connect to PostgreSQL directly.
 */
export interface CountingProxy {
  port: number;
  /** Statements since the last reset. */
  count(): number;
  /** The statements seen since the last reset, by their first 100 characters. */
  texts(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let count = 0;
  let texts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const seen = (sql: string) => {
    const key = sql.replace(/\s+/g, " ").trim().slice(0, 100);
    texts.set(key, (texts.get(key) ?? 0) + 1);
  };
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let buffer = Buffer.alloc(0);
    let startup = true;
    // Named prepared statements are parsed once per connection, then only bound and executed.
    const named = new Map<string, string>();
    let unnamed = "";
    let bound = "";
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (startup) {
          if (buffer.length < 8) break;
          const len = buffer.readInt32BE(0);
          if (buffer.length < len) break;
          const code = buffer.readInt32BE(4);
          // SSLRequest / GSSENCRequest come before the real startup message.
          if (code !== 80877103 && code !== 80877104) startup = false;
          buffer = buffer.subarray(len);
          continue;
        }
        if (buffer.length < 5) break;
        const type = String.fromCharCode(buffer[0]);
        const len = buffer.readInt32BE(1);
        if (buffer.length < len + 1) break;
        const body = buffer.subarray(5, len + 1);
        if (type === "Q") {
          count++;
          seen(body.toString("utf8", 0, body.indexOf(0)));
        } else if (type === "P") {
          const nameEnd = body.indexOf(0);
          const name = body.toString("utf8", 0, nameEnd);
          const text = body.toString("utf8", nameEnd + 1, body.indexOf(0, nameEnd + 1));
          if (name) named.set(name, text);
          else unnamed = text;
        } else if (type === "B") {
          const portalEnd = body.indexOf(0);
          const name = body.toString("utf8", portalEnd + 1, body.indexOf(0, portalEnd + 1));
          bound = name ? (named.get(name) ?? `(prepared statement ${name})`) : unnamed;
        } else if (type === "E") {
          count++;
          seen(bound);
        }
        buffer = buffer.subarray(len + 1);
      }
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as { port: number }).port,
    count: () => count,
    texts: () => texts,
    reset: () => {
      count = 0;
      texts = new Map();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The same URL, pointed at the proxy. */
export function throughProxy(databaseUrl: string, proxy: CountingProxy): string {
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return url.toString();
}
