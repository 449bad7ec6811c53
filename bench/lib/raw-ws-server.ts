import { createServer } from "node:http";
import { WebSocketServer } from "ws";

/** The baseline: a bare `ws` server that sends each posted message, serialised once, to every client. */
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    for (const client of wss.clients) client.send(body);
    res.end("ok");
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.send?.({ port });
});
