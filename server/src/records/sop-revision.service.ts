import type { DataSource, EntityManager } from "typeorm";
import { requireRole, requireStaff, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, invalid, notFound } from "../errors.js";
import { CITY_SCOPE, Topic, type RealtimeBus } from "../realtime/pubsub.js";
import { Role, stepOf, type SopDefinition } from "../sop/sop.definition.js";
import { SopDraft } from "../sop/sop-draft.entity.js";
import { applyRevision, diffDefinitions, type SopRevision } from "../sop/sop-revision.js";
import type { SopService } from "../sop/sop.service.js";
import { SopVersionStatus, type SopDraftType, type SopType, type SopVersionType } from "../sop/sop.types.js";
import { recordChange, type TrailActor } from "../trail/admin-trail.js";
import { PROJECTION_MONTHS, type ReportService } from "./report.service.js";
import type { SopProjectionRow } from "./sop-revision.types.js";

const EDITORS = [Role.ADMIN_INSTANSI, Role.SUPERUSER];
const HOUR_S = 3_600;
/** Version 1's stored instant: in force since always. */
const SINCE_ALWAYS = 0;

type Fields = Record<string, unknown> | null;

/** One row of the administration trail about the SOP version `version` (the one a draft would become). */
function trail(
  m: EntityManager,
  v: StaffViewer,
  at: Date,
  action: string,
  version: number,
  summary: string,
  before: Fields,
  after: Fields,
) {
  const actor: TrailActor = { userId: v.userId, username: v.username };
  return recordChange(m, { actor, at, action, subjectType: "SOP_VERSION", subjectId: String(version), summary, before, after });
}
const sopOf = (version: number, d: SopDefinition, effectiveAt: Date | null): SopType =>
  ({ version, ...d, effectiveAt }) as unknown as SopType;

function conflict(message: string, currentVersion: number | null): DomainError {
  return new DomainError(ErrorCode.VERSION_CONFLICT, message, { currentVersion });
}

/**
 * SOP revisions: one draft at a time, opened from the newest version, edited within what a
 * revision may change (`applyRevision`), and published as the next version with the instant it
 * comes into force. Each step is one transaction with its row in the administration trail.
 */
export class SopRevisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly sops: SopService,
    private readonly reports: ReportService,
    private readonly bus: RealtimeBus,
    private readonly clock: Clock,
  ) {}

  /** Every stored version, newest first, with its status now and what it changed from the one before. */
  async versions(viewer: StaffViewer | null): Promise<SopVersionType[]> {
    requireStaff(viewer);
    const rows = await this.sops.list();
    const now = this.clock.now();
    const inForce = [...rows].reverse().find((r) => r.effectiveAt <= now)?.version;
    return rows
      .map((r, i) => {
        const effectiveAt = r.effectiveAt.getTime() === SINCE_ALWAYS ? null : r.effectiveAt;
        return {
          version: r.version,
          status:
            r.version === inForce
              ? SopVersionStatus.IN_FORCE
              : r.effectiveAt > now
                ? SopVersionStatus.SCHEDULED
                : SopVersionStatus.SUPERSEDED,
          effectiveAt,
          publishedAt: r.createdAt,
          publishedBy: r.publishedBy,
          sop: sopOf(r.version, r.definition, effectiveAt),
          changes: i === 0 ? [] : diffDefinitions(rows[i - 1].definition, r.definition),
        };
      })
      .reverse();
  }

  async draft(viewer: StaffViewer | null): Promise<SopDraftType | null> {
    requireRole(viewer, ...EDITORS);
    const d = await this.ds.getRepository(SopDraft).findOne({ where: { singleton: true } });
    return d ? this.view(d) : null;
  }

  /** Opens the one draft, a copy of the newest version; CONFLICT while one is open. */
  async open(viewerOrNull: StaffViewer | null): Promise<SopDraftType> {
    const viewer = requireRole(viewerOrNull, ...EDITORS);
    const now = this.clock.now();
    const draft = await this.ds.transaction(async (m) => {
      if (await m.getRepository(SopDraft).exists({ where: { singleton: true } })) {
        throw new DomainError(ErrorCode.CONFLICT, "A draft revision is already open; edit, publish or discard it first");
      }
      const base = await newest(m);
      const d = Object.assign(new SopDraft(), {
        singleton: true,
        baseVersion: base.version,
        definition: base.definition,
        revision: 1,
        openedBy: viewer.username,
        updatedAt: now,
        updatedBy: viewer.username,
      });
      await m.getRepository(SopDraft).insert(d);
      await trail(m, viewer, now, "SOP_DRAFT_OPENED", base.version + 1, `Draf revisi SOP dibuka dari versi ${base.version}`, null, {
        baseVersion: base.version,
      });
      return d;
    });
    return this.view(draft);
  }

  /** Replaces the draft's revisable content, validated whole; the revision read must still be the draft's. */
  async edit(viewerOrNull: StaffViewer | null, expectedRevision: number, input: SopRevision): Promise<SopDraftType> {
    const viewer = requireRole(viewerOrNull, ...EDITORS);
    const now = this.clock.now();
    const draft = await this.ds.transaction(async (m) => {
      const d = await this.lockDraft(m, expectedRevision);
      const definition = applyRevision(await this.sops.get(d.baseVersion, m), input);
      const changes = diffDefinitions(d.definition, definition);
      await m
        .getRepository(SopDraft)
        .update({ singleton: true }, { definition, revision: d.revision + 1, updatedAt: now, updatedBy: viewer.username });
      await trail(
        m,
        viewer,
        now,
        "SOP_DRAFT_EDITED",
        d.baseVersion + 1,
        changes.length ? `Draf revisi SOP diubah: ${changes.map((c) => c.field).join(", ")}` : "Draf revisi SOP disimpan tanpa perubahan",
        Object.fromEntries(changes.map((c) => [c.field, c.before])),
        Object.fromEntries(changes.map((c) => [c.field, c.after])),
      );
      return Object.assign(d, { definition, revision: d.revision + 1, updatedAt: now, updatedBy: viewer.username });
    });
    return this.view(draft);
  }

  async discard(viewerOrNull: StaffViewer | null, expectedRevision: number): Promise<boolean> {
    const viewer = requireRole(viewerOrNull, ...EDITORS);
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      const d = await this.lockDraft(m, expectedRevision);
      await m.getRepository(SopDraft).delete({ singleton: true });
      await trail(
        m,
        viewer,
        now,
        "SOP_DRAFT_DISCARDED",
        d.baseVersion + 1,
        `Draf revisi SOP dari versi ${d.baseVersion} dibuang`,
        { changes: diffDefinitions(await this.sops.get(d.baseVersion, m), d.definition).map((c) => c.field) },
        null,
      );
    });
    return true;
  }

  /**
   * Publishes the draft as the next version, in force from `effectiveAt` (now when omitted, never
   * earlier than now or than the newest version's instant). Of two publishes of one draft, one
   * wins; the other, like a publish of a draft edited since, is a VERSION_CONFLICT.
   */
  async publish(viewerOrNull: StaffViewer | null, expectedRevision: number, effectiveAt?: Date | null): Promise<SopVersionType> {
    const viewer = requireRole(viewerOrNull, ...EDITORS);
    const now = this.clock.now();
    const at = effectiveAt ?? now;
    if (Number.isNaN(at.getTime())) throw invalid("effectiveAt", "is not a valid instant");
    if (at < now) throw invalid("effectiveAt", "must not be in the past");
    const version = await this.ds.transaction(async (m) => {
      const row = await m
        .getRepository(SopDraft)
        .findOne({ where: { singleton: true, revision: expectedRevision }, lock: { mode: "pessimistic_write" } });
      const base = await newest(m);
      if (!row) throw conflict("No draft at this revision: it was edited, published or discarded since; reload", base.version);
      if (row.baseVersion !== base.version)
        throw conflict(`Version ${base.version} was published since this draft was opened`, base.version);
      if (at < base.effectiveAt) throw invalid("effectiveAt", `must not be before version ${base.version}'s effective instant`);
      const changes = diffDefinitions(base.definition, row.definition);
      await m.getRepository(SopDraft).delete({ singleton: true });
      if (!changes.length) throw invalid("draft", "changes nothing from the version it was opened from");
      const next = base.version + 1;
      await m.query(
        `INSERT INTO sop_version (version, definition, effective_at, published_by, created_at) VALUES ($1, $2::jsonb, $3, $4, $5)`,
        [next, JSON.stringify(row.definition), at, viewer.username, now],
      );
      await trail(
        m,
        viewer,
        now,
        "SOP_PUBLISHED",
        next,
        `SOP versi ${next} diterbitkan, berlaku mulai ${at.toISOString()}`,
        { version: base.version, ...Object.fromEntries(changes.map((c) => [c.field, c.before])) },
        { version: next, effectiveAt: at.toISOString(), ...Object.fromEntries(changes.map((c) => [c.field, c.after])) },
      );
      return next;
    });
    await this.sops.refresh();
    this.bus.publish(Topic.SOP_PUBLISHED, CITY_SCOPE, { version });
    return (await this.versions(viewer)).find((v) => v.version === version)!;
  }

  /** The draft's time standards tried on the stored visits of the last 3, 6 and 12 months, against those in force now. */
  async projection(viewerOrNull: StaffViewer | null, draft: SopDefinition): Promise<SopProjectionRow[]> {
    requireRole(viewerOrNull, ...EDITORS);
    const now = this.clock.now();
    const current = (await this.sops.inForceAt(now)).definition;
    const standards = draft.steps.map((s) => {
      const c = stepOf(current, s.stage);
      return {
        stage: s.stage,
        currentSeconds: c.time.hours * HOUR_S,
        currentCalendar: c.time.basis === "CALENDAR",
        draftSeconds: s.time.hours * HOUR_S,
        draftCalendar: s.time.basis === "CALENDAR",
      };
    });
    const counts = await this.reports.projection(now, standards);
    return PROJECTION_MONTHS.flatMap((months) =>
      draft.steps.map((s) => {
        const n = counts.find((c) => c.months === months && c.stage === s.stage);
        const handled = n?.handled ?? 0;
        return {
          months,
          step: s.stage,
          stepNumber: s.number,
          currentLabel: stepOf(current, s.stage).time.label,
          draftLabel: s.time.label,
          handled,
          metCurrent: n?.metCurrent ?? 0,
          metDraft: n?.metDraft ?? 0,
          currentShare: handled ? n!.metCurrent / handled : null,
          draftShare: handled ? n!.metDraft / handled : null,
        };
      }),
    );
  }

  /** The draft, locked for this transaction, when it is at the revision the caller read. */
  private async lockDraft(m: EntityManager, expectedRevision: number): Promise<SopDraft> {
    const d = await m.getRepository(SopDraft).findOne({ where: { singleton: true }, lock: { mode: "pessimistic_write" } });
    if (!d) throw notFound("SOP draft");
    if (d.revision !== expectedRevision) throw conflict(`The draft changed (now revision ${d.revision}); reload and retry`, d.revision);
    return d;
  }

  private async view(d: SopDraft): Promise<SopDraftType> {
    return {
      revision: d.revision,
      baseVersion: d.baseVersion,
      openedBy: d.openedBy,
      updatedBy: d.updatedBy,
      updatedAt: d.updatedAt,
      sop: sopOf(d.baseVersion + 1, d.definition, null),
      changes: diffDefinitions(await this.sops.get(d.baseVersion), d.definition),
    };
  }
}

/** The newest stored version (by number), read in the transaction. */
async function newest(m: EntityManager): Promise<{ version: number; definition: SopDefinition; effectiveAt: Date }> {
  const [row]: { version: number; definition: SopDefinition; effective_at: Date }[] = await m.query(
    `SELECT version, definition, effective_at FROM sop_version ORDER BY version DESC LIMIT 1`,
  );
  return { version: row.version, definition: row.definition, effectiveAt: row.effective_at };
}
