import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import type { Clock } from "../clock.js";
import { DomainError, ErrorCode, invalid, isUniqueViolation } from "../errors.js";
import { Role } from "../sop/sop.definition.js";
import { recordChange } from "../trail/admin-trail.js";
import { optionalText, text, uuid } from "../validate.js";
import type { IdentityCache } from "./identity-cache.js";
import { Opd } from "./opd.entity.js";
import { requireRole, type StaffViewer } from "./viewer.js";

/** What the superuser sets on an OPD; each write sets every field (an absent optional one is cleared). */
export interface OpdInput {
  code: string;
  name: string;
  shortName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
}

const CODE = /^[A-Z0-9][A-Z0-9._-]*$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9 ().-]+$/;

/** The OPD's fields as the trail keeps them. */
const snapshot = (o: Opd) => ({
  code: o.code,
  name: o.name,
  shortName: o.shortName,
  contactEmail: o.contactEmail,
  contactPhone: o.contactPhone,
  active: o.active,
});

const summaryOf = (o: Pick<Opd, "code" | "name">) => `${o.code} — ${o.name}`;

/**
 * The city's OPDs: every staff member and display reads them; only the superuser adds, edits,
 * activates and deactivates one, each change written to the administration trail in its transaction.
 * An inactive OPD keeps its cases and receives no new ones (CaseService.forward refuses it).
 */
export class OpdService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly identities: IdentityCache,
  ) {}

  list(): Promise<Opd[]> {
    return this.ds.getRepository(Opd).find({ order: { name: "ASC" } });
  }

  async create(viewer: StaffViewer | null, input: OpdInput): Promise<Opd> {
    const actor = requireRole(viewer, Role.SUPERUSER);
    const fields = opdFields(input);
    return this.ds
      .transaction(async (tx) => {
        await this.codeFree(tx, fields.code, null);
        const id = randomUUID();
        await tx.getRepository(Opd).insert({ id, ...fields, active: true });
        const made = await this.findOrFail(tx, id, false);
        await recordChange(tx, {
          actor,
          at: this.clock.now(),
          action: "OPD_CREATED",
          subjectType: "OPD",
          subjectId: id,
          summary: summaryOf(made),
          before: null,
          after: snapshot(made),
        });
        return made;
      })
      .catch((e: unknown) => codeRace(e, fields.code));
  }

  /** Sets the code, name, short name and contacts; nothing changed writes nothing. */
  async update(viewer: StaffViewer | null, opdId: string, input: OpdInput): Promise<Opd> {
    const actor = requireRole(viewer, Role.SUPERUSER);
    const id = uuid("opdId", opdId);
    const fields = opdFields(input);
    const opd = await this.ds
      .transaction(async (tx) => {
        const held = await this.findOrFail(tx, id, true);
        const before = snapshot(held);
        const after = { ...before, ...fields };
        if (JSON.stringify(before) === JSON.stringify(after)) return held;
        if (fields.code !== held.code) await this.codeFree(tx, fields.code, id);
        await tx.getRepository(Opd).update({ id }, fields);
        const changed = await this.findOrFail(tx, id, false);
        await recordChange(tx, {
          actor,
          at: this.clock.now(),
          action: "OPD_UPDATED",
          subjectType: "OPD",
          subjectId: id,
          summary: summaryOf(changed),
          before,
          after: snapshot(changed),
        });
        return changed;
      })
      .catch((e: unknown) => codeRace(e, fields.code));
    this.identities.invalidate();
    return opd;
  }

  /** Active again, or off the forwarding list with its running cases kept; the same state again writes nothing. */
  async setActive(viewer: StaffViewer | null, opdId: string, active: boolean): Promise<Opd> {
    const actor = requireRole(viewer, Role.SUPERUSER);
    const id = uuid("opdId", opdId);
    const opd = await this.ds.transaction(async (tx) => {
      const held = await this.findOrFail(tx, id, true);
      if (held.active === active) return held;
      await tx.getRepository(Opd).update({ id }, { active });
      const changed = await this.findOrFail(tx, id, false);
      await recordChange(tx, {
        actor,
        at: this.clock.now(),
        action: active ? "OPD_ACTIVATED" : "OPD_DEACTIVATED",
        subjectType: "OPD",
        subjectId: id,
        summary: summaryOf(changed),
        before: { active: held.active },
        after: { active },
      });
      return changed;
    });
    // Other replicas hear the trigger's notification; this one need not wait for it.
    this.identities.invalidate();
    return opd;
  }

  /** CONFLICT on `code` when another OPD holds it. */
  private async codeFree(tx: EntityManager, code: string, except: string | null): Promise<void> {
    const taken = await tx.query(`SELECT 1 FROM opd WHERE code = $1 AND id IS DISTINCT FROM $2::uuid`, [code, except]);
    if (taken.length) throw takenCode(code);
  }

  private async findOrFail(tx: EntityManager, id: string, lock: boolean): Promise<Opd> {
    const row = await tx.getRepository(Opd).findOne({ where: { id }, ...(lock ? { lock: { mode: "pessimistic_write" as const } } : {}) });
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, "OPD not found", { field: "opdId" });
    return row;
  }
}

const takenCode = (code: string) => new DomainError(ErrorCode.CONFLICT, `OPD code ${code} is taken`, { field: "code" });

/** Two writers that both found a code free: the unique index refuses the second, which is told CONFLICT as if it had seen the first. */
function codeRace(e: unknown, code: string): never {
  if (isUniqueViolation(e)) throw takenCode(code);
  throw e;
}

/** The input checked and normalised: the code in upper case, blanks as null. */
function opdFields(input: OpdInput): Omit<ReturnType<typeof snapshot>, "active"> {
  const code = text("code", input.code, 32).toUpperCase();
  if (!CODE.test(code)) throw invalid("code", "letters, digits, dot, dash and underscore only, starting with a letter or digit");
  const name = text("name", input.name, 200);
  const shortName = optionalText("shortName", input.shortName, 60);
  const contactEmail = optionalText("contactEmail", input.contactEmail, 254);
  if (contactEmail !== null && !EMAIL.test(contactEmail)) throw invalid("contactEmail", "is not an e-mail address");
  const contactPhone = optionalText("contactPhone", input.contactPhone, 30);
  if (contactPhone !== null) {
    const digits = contactPhone.replace(/\D/g, "").length;
    if (!PHONE.test(contactPhone) || digits < 6 || digits > 15) {
      throw invalid("contactPhone", "6 to 15 digits, with spaces, dashes, dots, brackets or a leading + only");
    }
  }
  return { code, name, shortName, contactEmail, contactPhone };
}
