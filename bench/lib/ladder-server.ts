import { createServer, type IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { buildSchema, graphql } from "graphql";

/**
 * One rung of the overhead ladder, in its own process, answering `{ __typename }` over HTTP POST:
 * "node" (node:http, a fixed body), "graphql" (node:http + graphql-js parse/validate/execute),
 * "apollo" (Apollo Server 5 on express 5, the desk's integration). Tells its parent the port.
 */
const kind = process.argv[2];
const schema = buildSchema(`type Query { hello: String }`);
const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => resolve(body));
  });

let server;
if (kind === "node") {
  const answer = JSON.stringify({ data: { __typename: "Query" } });
  server = createServer(async (req, res) => {
    await readBody(req);
    res.writeHead(200, { "content-type": "application/json" }).end(answer);
  });
} else if (kind === "graphql") {
  server = createServer(async (req, res) => {
    const { query, variables } = JSON.parse(await readBody(req));
    const result = await graphql({ schema, source: query, variableValues: variables });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  });
} else {
  const apollo = new ApolloServer({ schema });
  await apollo.start();
  const app = express();
  app.use("/graphql", express.json(), expressMiddleware(apollo));
  server = createServer(app);
}
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
