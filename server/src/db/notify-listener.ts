import pg from "pg";
import type { Logger } from "../ops/logger.js";

/** The channel the `calendar_changed` trigger notifies on any change to the calendar's edits or office hours (migration CalendarEdits). */
export const CALENDAR_CHANNEL = "desk_calendar";

/**
 * Keeps one connection LISTENing on `channel` of a real PostgreSQL and calls `heard` for each
 * notification, and once more each time the connection is (re)made, since whatever was notified
 * while it was down is lost. A lost connection is logged and remade a second later. Calls of
 * `heard` never overlap: notifications arriving during one make one more call after it.
 * Returns the stop function.
 */
export function listenForNotifications(
  url: string,
  channel: string,
  name: string,
  heard: () => Promise<void>,
  logger: Logger,
): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const call = () => {
    if (running) {
      again = true;
      return;
    }
    running = heard()
      .catch((e) => logger.warn({ err: e, channel }, "acting on a database notification failed"))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          call();
        }
      });
  };

  const lost = (c: pg.Client, why: unknown) => {
    if (client !== c) return;
    client = null;
    void c.end().catch(() => undefined);
    if (stopped) return;
    logger.warn({ err: why, channel }, "database notification listener lost: reconnecting");
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: name, keepAlive: true });
    client = c;
    c.on("notification", (n) => n.channel === channel && call());
    c.on("error", (e) => lost(c, e));
    c.on("end", () => lost(c, new Error("connection ended")));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (client === c) call();
    } catch (e) {
      lost(c, e);
    }
  };

  void connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await Promise.race([c?.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await running;
  };
}
