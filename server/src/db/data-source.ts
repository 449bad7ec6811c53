import type { Pool } from "pg";
import { DataSource } from "typeorm";
import { ApiToken, ApiTokenUse } from "../auth/api-token.entity.js";
import { DisplayToken } from "../auth/display-token.entity.js";
import { Opd } from "../auth/opd.entity.js";
import { UserSession } from "../auth/session.entity.js";
import { User } from "../auth/user.entity.js";
import { CaseEvent } from "../case/case-event.entity.js";
import { CaseShare } from "../case/case-share.entity.js";
import { CaseNote } from "../case/case-note.entity.js";
import { Case } from "../case/case.entity.js";
import { StageVisit } from "../case/stage-visit.entity.js";
import { AnswerTemplate } from "../records/answer-template.entity.js";
import { Attachment } from "../records/attachment.entity.js";
import { SlaAlert } from "../sla/sla-alert.entity.js";
import { CalendarClosure } from "../sop/calendar-closure.entity.js";
import { OfficeHours } from "../sop/office-hours.entity.js";
import { SopDraft } from "../sop/sop-draft.entity.js";
import { SopVersion } from "../sop/sop-version.entity.js";
import { AdminChange } from "../trail/admin-change.entity.js";
import { PG_TYPES } from "./timestamptz.js";
import { Initial1764201600000 } from "./migrations/1764201600000-initial.js";
import { DisplayToken1795824000000 } from "./migrations/1795824000000-display-token.js";
import { Outbox1795910400000 } from "./migrations/1795910400000-outbox.js";
import { ShareAndGuess1795996800000 } from "./migrations/1795996800000-share-and-guess.js";
import { Location1796083200000 } from "./migrations/1796083200000-location.js";
import { WorkingSeconds1796169600000 } from "./migrations/1796169600000-working-seconds.js";
import { Attachment1796256000000 } from "./migrations/1796256000000-attachment.js";
import { ApiToken1796342400000 } from "./migrations/1796342400000-api-token.js";
import { Open311Channel1796428800000 } from "./migrations/1796428800000-open311-channel.js";
import { SweeperSilentIndex1796515200000 } from "./migrations/1796515200000-sweeper-silent-index.js";
import { BoardOrderIndex1796601600000 } from "./migrations/1796601600000-board-order-index.js";
import { IdentityNotify1796688000000 } from "./migrations/1796688000000-identity-notify.js";
import { OpdNotify1796774400000 } from "./migrations/1796774400000-opd-notify.js";
import { AdminChange1796860800000 } from "./migrations/1796860800000-admin-change.js";
import { Accounts1796947200000 } from "./migrations/1796947200000-accounts.js";
import { OpdContact1797033600000 } from "./migrations/1797033600000-opd-contact.js";
import { CalendarEdits1797120000000 } from "./migrations/1797120000000-calendar-edits.js";
import { SopRevision1797206400000 } from "./migrations/1797206400000-sop-revision.js";
import { AssignmentAndNotes1797292800000 } from "./migrations/1797292800000-assignment-and-notes.js";
import { AnswerTemplate1797379200000 } from "./migrations/1797379200000-answer-template.js";
import { QueryCounter } from "./query-counter.js";
import { Setting } from "./setting.entity.js";

export const ENTITIES = [
  Setting,
  SopVersion,
  CalendarClosure,
  OfficeHours,
  Opd,
  User,
  Case,
  StageVisit,
  CaseEvent,
  SlaAlert,
  DisplayToken,
  CaseShare,
  Attachment,
  ApiToken,
  ApiTokenUse,
  AdminChange,
  UserSession,
  SopDraft,
  CaseNote,
  AnswerTemplate,
];
export const MIGRATIONS = [
  Initial1764201600000,
  DisplayToken1795824000000,
  Outbox1795910400000,
  ShareAndGuess1795996800000,
  Location1796083200000,
  WorkingSeconds1796169600000,
  Attachment1796256000000,
  ApiToken1796342400000,
  Open311Channel1796428800000,
  SweeperSilentIndex1796515200000,
  BoardOrderIndex1796601600000,
  IdentityNotify1796688000000,
  OpdNotify1796774400000,
  AdminChange1796860800000,
  Accounts1796947200000,
  OpdContact1797033600000,
  CalendarEdits1797120000000,
  SopRevision1797206400000,
  AssignmentAndNotes1797292800000,
  AnswerTemplate1797379200000,
];

/** The pg pool under TypeORM's postgres driver. */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

export interface Database {
  dataSource: DataSource;
  queries: QueryCounter;
}

/**
 * Opens the pool and applies pending migrations; `synchronize` stays off. With `timeoutMs`, waiting
 * for a connection and for each statement's answer is bounded by it (a paused or unreachable
 * database then fails requests at once instead of holding them); migrations, run before, are not bounded.
 * `sharedSession`: every connection reaches the same session (the embedded database).
 */
export async function openDatabase(url: string, poolMax: number, timeoutMs = 0, { sharedSession = false } = {}): Promise<Database> {
  const queries = new QueryCounter();
  const dataSource = new DataSource({
    type: "postgres",
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: "each",
    synchronize: false,
    logging: true,
    logger: queries,
    extra: { max: poolMax, connectionTimeoutMillis: timeoutMs || 10_000, types: PG_TYPES },
  });
  await dataSource.initialize();
  const pool = poolOf(dataSource);
  if (sharedSession) {
    // The embedded database has one session for every connection made to it, so the statements a
    // closed connection prepared (`preparedQuery`) are still there: a new connection drops them first.
    pool.on("connect", (client) => void client.query("DEALLOCATE ALL").catch(() => undefined));
  }
  if (timeoutMs) {
    // pg reads a client's query_timeout at every query: set on each checkout, it holds from now on.
    pool.on("acquire", (client) => {
      (client as unknown as { connectionParameters: { query_timeout?: number } }).connectionParameters.query_timeout = timeoutMs;
    });
  }
  return { dataSource, queries };
}
