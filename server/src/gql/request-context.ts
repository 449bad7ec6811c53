/** What every GraphQL request carries whatever the feature: the features' contexts extend it. */
export interface RequestContext {
  /** The peer address of the connection; what guessing is limited by. */
  clientIp: string | null;
  /** HTTP only: names the operation in the request's log line. */
  noteOperation?: (operation: string) => void;
  /** graphql-ws only: disconnects the client (1013), for a subscription of its that fell too far behind. */
  fallBehind?: () => void;
}
