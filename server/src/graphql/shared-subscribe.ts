import {
  createSourceEventStream,
  execute,
  getOperationAST,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from "graphql";

/**
 * Subscription fields whose result depends only on the event and the query, not on who
 * receives it (scope is decided when subscribing). For these, one execution per event and
 * query serves every subscriber, instead of one per subscriber.
 */
const SHARED_FIELDS = new Set(["slaCountdown", "slaAlerts"]);

const results = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();
const documentKeys = new WeakMap<DocumentNode, string>();

function keyOf(args: ExecutionArgs): string {
  let printed = documentKeys.get(args.document);
  if (printed === undefined) {
    printed = print(args.document);
    documentKeys.set(args.document, printed);
  }
  return `${args.operationName ?? ""}\n${printed}\n${JSON.stringify(args.variableValues ?? {})}`;
}

function isShared(args: ExecutionArgs): boolean {
  const op = getOperationAST(args.document, args.operationName);
  return Boolean(op && op.selectionSet.selections.every((s) => s.kind === "Field" && SHARED_FIELDS.has(s.name.value)));
}

function mapAsync<T, U>(source: AsyncIterator<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  const done = { value: undefined, done: true } as const;
  return {
    async next() {
      const r = await source.next();
      return r.done ? done : { value: await map(r.value), done: false };
    },
    async return() {
      await source.return?.();
      return done;
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** graphql-js subscribe, sharing each event's execution among subscribers of a shared field. */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
  const source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const run = (event: unknown) => execute({ ...args, rootValue: event });
  if (!isShared(args)) return mapAsync(source, run);
  const key = keyOf(args);
  return mapAsync(source, (event) => {
    if (typeof event !== "object" || event === null) return run(event);
    let byQuery = results.get(event);
    if (!byQuery) {
      byQuery = new Map();
      results.set(event, byQuery);
    }
    let result = byQuery.get(key);
    if (!result) {
      result = run(event);
      byQuery.set(key, result);
    }
    return result;
  });
}
