import { GraphQLError } from "graphql";
import { ErrorCode } from "../errors.js";

/** graphql-ws close code for a connection over the identity's allowance (clients should not retry at once). */
export const TOO_MANY_CONNECTIONS = 4429;

/** Counts open connections per identity and running operations per connection; a limit of 0 is no limit. */
export class SocketLimits {
  private readonly connections = new Map<string, Set<object>>();
  private readonly operations = new Map<object, Set<string>>();

  constructor(private readonly limits: { operationsPerConnection: number; connectionsPerIdentity: number }) {}

  admit(identity: string, connection: object): boolean {
    const open = this.connections.get(identity) ?? new Set<object>();
    if (this.limits.connectionsPerIdentity && open.size >= this.limits.connectionsPerIdentity) return false;
    open.add(connection);
    this.connections.set(identity, open);
    return true;
  }

  release(identity: string | undefined, connection: object): void {
    this.operations.delete(connection);
    if (!identity) return;
    const open = this.connections.get(identity);
    open?.delete(connection);
    if (open?.size === 0) this.connections.delete(identity);
  }

  /** Null when the operation may start; else the error to send instead. */
  start(connection: object, id: string): GraphQLError | null {
    const running = this.operations.get(connection) ?? new Set<string>();
    if (this.limits.operationsPerConnection && running.size >= this.limits.operationsPerConnection) {
      return new GraphQLError(`At most ${this.limits.operationsPerConnection} operations per connection`, {
        extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 1 },
      });
    }
    running.add(id);
    this.operations.set(connection, running);
    return null;
  }

  end(connection: object, id: string): void {
    this.operations.get(connection)?.delete(id);
  }
}
