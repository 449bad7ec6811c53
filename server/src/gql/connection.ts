import { Field, ObjectType, type ClassType } from "type-graphql";
import { PageInfo } from "./page-info.js";
import type { Page } from "../db/cursor.js";

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A Relay connection type for `Node`: `{ edges { cursor node } pageInfo { hasNextPage endCursor } }`. */
export function connectionOf<T extends object>(Node: ClassType<T>, what: string): ClassType<Connection<T>> {
  @ObjectType(`${Node.name}Edge`, { description: `One ${what} in a page.` })
  class EdgeType {
    @Field(() => String, { description: "Opaque position of this item; pass it as `after` to continue after it." })
    cursor: string;

    @Field(() => Node, { description: `The ${what}.` })
    node: T;
  }

  @ObjectType(`${Node.name}Connection`, { description: `A page of ${what}s, newest first.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "The items on this page." })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: "Whether and where the next page starts." })
    pageInfo: PageInfo;
  }
  return ConnectionType;
}

/** A service's page as a connection. */
export function toConnection<T>(page: Page<T>): Connection<T> {
  return {
    edges: page.nodes.map((node, i) => ({ node, cursor: page.cursors[i] })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
  };
}
