import { randomUUID } from "node:crypto";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import { ApiScope } from "../auth/api-scope.js";
import { Opd } from "../auth/opd.entity.js";
import { isOpdBound, requireScope, requireStaff, type StaffViewer } from "../auth/viewer.js";
import type { Case } from "../case/case.entity.js";
import type { CaseQueries } from "../case/case.queries.js";
import { TemplateUse } from "../case/case.workflow.js";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, forbidden, invalid, isUniqueViolation } from "../errors.js";
import { Role } from "../sop/sop.definition.js";
import { recordChange } from "../trail/admin-trail.js";
import { MAX, text, uuid } from "../validate.js";
import { AnswerTemplate } from "./answer-template.entity.js";
import { assertPlaceholders, fillTemplate, type TemplateCase } from "./answer-template.fill.js";

/** What a manager sets on a template; its OPD is chosen at creation and never changes. */
export interface AnswerTemplateFields {
  name: string;
  use: TemplateUse;
  body: string;
}

/** Reasons are held to the length the SOP actions take them at. */
const REASONS: readonly TemplateUse[] = [TemplateUse.REJECTION, TemplateUse.CLOSING];
const CITY_MANAGERS: readonly Role[] = [Role.ADMIN_INSTANSI, Role.SUPERUSER];

const snapshot = (t: AnswerTemplate) => ({ name: t.name, use: t.use, body: t.body, opd: t.opd?.code ?? null, active: t.active });
const summaryOf = (t: AnswerTemplate) => `${t.name} (${t.opd?.code ?? "kota"})`;

/**
 * Answer templates. An OPD's are managed by its Admin OPD and read by its staff; city-wide ones by the
 * Admin Instansi and the superuser and read by every staff member. The step dialogs are offered the
 * active ones that fit the case (its OPD's first), filled for it here, so every client fills them alike.
 * Each change is written to the administration trail in its transaction.
 */
export class AnswerTemplateService {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: CaseQueries,
    private readonly clock: Clock,
  ) {}

  /** Every template the viewer may read, deactivated ones too when asked: OPD ones first, then by use and name. */
  async list(viewer: StaffViewer | null, includeInactive: boolean): Promise<AnswerTemplate[]> {
    const v = requireStaff(viewer);
    const scopes = isOpdBound(v) ? [{ opdId: IsNull() }, { opdId: v.opdId ?? IsNull() }] : [{}];
    const rows = await this.ds.getRepository(AnswerTemplate).find({
      where: scopes.map((s) => (includeInactive ? s : { ...s, active: true })),
      relations: { opd: true },
    });
    return ordered(rows);
  }

  /** The active templates of `use` that fit the case: its OPD's, then the city-wide ones. */
  async forCase(viewer: StaffViewer | null, caseId: string, use: TemplateUse): Promise<AnswerTemplate[]> {
    const c = await this.queries.byId(requireScope(viewer, ApiScope.CASES_READ), caseId);
    const scopes = c.opdId ? [{ opdId: IsNull() }, { opdId: c.opdId }] : [{ opdId: IsNull() }];
    const rows = await this.ds.getRepository(AnswerTemplate).find({
      where: scopes.map((s) => ({ ...s, use, active: true })),
      relations: { opd: true },
    });
    return ordered(rows);
  }

  /** The template's text filled from the case; it must be active and city-wide or the case's OPD's. */
  async render(viewer: StaffViewer | null, templateId: string, caseId: string): Promise<string> {
    const v = requireScope(viewer, ApiScope.CASES_READ);
    const c = await this.queries.byId(v, caseId);
    const template = await this.visibleOrFail(this.ds.manager, v, uuid("templateId", templateId), false);
    if (template.opdId && template.opdId !== c.opdId) throw invalid("templateId", "is another OPD's template");
    if (!template.active) throw invalid("templateId", "is deactivated");
    return fillTemplate(template.body, caseOf(c));
  }

  /** A body as a template would read, filled from a sample case: the same checks as a save. */
  async preview(viewer: StaffViewer | null, body: string, use: TemplateUse): Promise<string> {
    const v = requireStaff(viewer);
    const checked = bodyOf(body, use);
    const opd = v.opdId ? await this.ds.getRepository(Opd).findOneBy({ id: v.opdId }) : null;
    const now = this.clock.now();
    return fillTemplate(checked, {
      trackingNumber: "ADU-2026-000123",
      title: "Contoh: lampu jalan di Jalan Pahlawan padam",
      opdName: opd?.name ?? "Dinas Contoh",
      receivedAt: now,
      dueAt: new Date(now.getTime() + 2 * 3_600_000),
    });
  }

  async create(viewer: StaffViewer | null, opdId: string | null | undefined, input: AnswerTemplateFields): Promise<AnswerTemplate> {
    const actor = requireStaff(viewer);
    const opd = opdId == null ? null : uuid("opdId", opdId);
    assertManager(actor, opd);
    const fields = templateFields(input, opd);
    return this.ds
      .transaction(async (tx) => {
        if (opd && !(await tx.getRepository(Opd).existsBy({ id: opd })))
          throw new DomainError(ErrorCode.NOT_FOUND, "OPD not found", { field: "opdId" });
        await this.nameFree(tx, opd, fields.name, null);
        const id = randomUUID();
        await tx.getRepository(AnswerTemplate).insert({ id, opdId: opd, ...fields, active: true, updatedAt: this.clock.now() });
        const made = await this.visibleOrFail(tx, actor, id, false);
        await this.record(tx, actor, "ANSWER_TEMPLATE_CREATED", made, null, snapshot(made));
        return made;
      })
      .catch((e: unknown) => nameRace(e, fields.name));
  }

  /** Sets the name, use and text; nothing changed writes nothing. */
  async update(viewer: StaffViewer | null, templateId: string, input: AnswerTemplateFields): Promise<AnswerTemplate> {
    const actor = requireStaff(viewer);
    const id = uuid("templateId", templateId);
    let name = "";
    return this.ds
      .transaction(async (tx) => {
        const held = await this.visibleOrFail(tx, actor, id, true);
        assertManager(actor, held.opdId);
        const fields = templateFields(input, held.opdId);
        name = fields.name;
        const before = snapshot(held);
        if (JSON.stringify(before) === JSON.stringify({ ...before, ...fields })) return held;
        await this.nameFree(tx, held.opdId, fields.name, id);
        await tx.getRepository(AnswerTemplate).update({ id }, { ...fields, updatedAt: this.clock.now() });
        const changed = await this.visibleOrFail(tx, actor, id, false);
        await this.record(tx, actor, "ANSWER_TEMPLATE_UPDATED", changed, before, snapshot(changed));
        return changed;
      })
      .catch((e: unknown) => nameRace(e, name));
  }

  /** Offered again, or no longer offered (kept, and still listed for its managers); the same state again writes nothing. */
  async setActive(viewer: StaffViewer | null, templateId: string, active: boolean): Promise<AnswerTemplate> {
    const actor = requireStaff(viewer);
    const id = uuid("templateId", templateId);
    return this.ds.transaction(async (tx) => {
      const held = await this.visibleOrFail(tx, actor, id, true);
      assertManager(actor, held.opdId);
      if (held.active === active) return held;
      await tx.getRepository(AnswerTemplate).update({ id }, { active, updatedAt: this.clock.now() });
      const changed = await this.visibleOrFail(tx, actor, id, false);
      const action = active ? "ANSWER_TEMPLATE_ACTIVATED" : "ANSWER_TEMPLATE_DEACTIVATED";
      await this.record(tx, actor, action, changed, { active: held.active }, { active });
      return changed;
    });
  }

  private record(
    tx: EntityManager,
    actor: StaffViewer,
    action: string,
    t: AnswerTemplate,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    return recordChange(tx, {
      actor,
      at: this.clock.now(),
      action,
      subjectType: "ANSWER_TEMPLATE",
      subjectId: t.id,
      summary: summaryOf(t),
      before,
      after,
    });
  }

  /** CONFLICT on `name` when another template of the same OPD (or city-wide) holds it, in any case. */
  private async nameFree(tx: EntityManager, opdId: string | null, name: string, except: string | null): Promise<void> {
    const taken = await tx.query(
      `SELECT 1 FROM answer_template WHERE opd_id IS NOT DISTINCT FROM $1::uuid AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
      [opdId, name, except],
    );
    if (taken.length) throw takenName(name);
  }

  /** Another OPD's template is FORBIDDEN to OPD staff, as another OPD's case is. */
  private async visibleOrFail(tx: EntityManager, viewer: StaffViewer, id: string, lock: boolean): Promise<AnswerTemplate> {
    const repo = tx.getRepository(AnswerTemplate);
    if (lock) await repo.findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
    const row = await repo.findOne({ where: { id }, relations: { opd: true } });
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, "Answer template not found", { field: "templateId" });
    if (isOpdBound(viewer) && row.opdId !== null && row.opdId !== viewer.opdId) throw forbidden("This template belongs to another OPD");
    return row;
  }
}

/** City-wide templates are the Admin Instansi's and the superuser's; an OPD's are its Admin OPD's. */
function assertManager(viewer: StaffViewer, opdId: string | null): void {
  if (opdId === null) {
    if (!CITY_MANAGERS.includes(viewer.role)) throw forbidden("City-wide templates are managed by the Admin Instansi");
  } else if (viewer.role !== Role.ADMIN_OPD || viewer.opdId !== opdId) {
    throw forbidden("An OPD's templates are managed by that OPD's Admin OPD");
  }
}

function bodyOf(body: string, use: TemplateUse): string {
  const checked = text("body", body, REASONS.includes(use) ? MAX.reason : MAX.long);
  assertPlaceholders("body", checked);
  return checked;
}

function templateFields(input: AnswerTemplateFields, opdId: string | null): AnswerTemplateFields {
  if (!Object.values(TemplateUse).includes(input.use)) throw invalid("use", "is not a template use");
  // A case at step 1 has no OPD: only a city-wide rejection template could ever be offered.
  if (opdId && input.use === TemplateUse.REJECTION) throw invalid("use", "rejection templates are city-wide only");
  return { name: text("name", input.name, MAX.short), use: input.use, body: bodyOf(input.body, input.use) };
}

function ordered(rows: AnswerTemplate[]): AnswerTemplate[] {
  const key = (t: AnswerTemplate) => `${t.opdId ? `0${t.opd?.code ?? ""}` : "1"}\u0000${t.use}\u0000${t.name.toLowerCase()}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function caseOf(c: Case): TemplateCase {
  return { trackingNumber: c.trackingNumber, title: c.title, opdName: c.opd?.name ?? null, receivedAt: c.receivedAt, dueAt: c.stageDueAt };
}

const takenName = (name: string) => new DomainError(ErrorCode.CONFLICT, `A template named ${name} exists here`, { field: "name" });

/** Two writers that both found a name free: the unique index refuses the second, told CONFLICT as if it had seen the first. */
function nameRace(e: unknown, name: string): never {
  if (isUniqueViolation(e)) throw takenName(name);
  throw e;
}
