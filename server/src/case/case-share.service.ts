import { canSeeCase, requireRole, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { forbidden, notFound } from "../errors.js";
import { Role, Stage, stepOf } from "../sop/sop.definition.js";
import type { SopService } from "../sop/sop.service.js";
import { uuid } from "../validate.js";
import type { Case } from "./case.entity.js";
import type { CaseRepository } from "./case.repository.js";

const WITA = new Intl.DateTimeFormat("id-ID", {
  timeZone: "Asia/Makassar",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Sharing a case for coordination (SOP step 1's WhatsApp group): recorded, but never an SOP step. */
export class CaseShareService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly sops: SopService,
    private readonly clock: Clock,
  ) {}

  /** A wa.me link with a message that names no complainant; the share is noted without touching the case's version. */
  async shareToWhatsApp(viewer: StaffViewer | null, caseId: string): Promise<{ url: string; message: string }> {
    const actor = requireRole(viewer, Role.ADMIN_INSTANSI, Role.ADMIN_OPD);
    const id = uuid("caseId", caseId);
    const c = await this.cases.byId(id);
    if (!c) throw notFound("Case");
    if (!canSeeCase(actor, c)) throw forbidden("This case belongs to another OPD");
    await this.cases.recordShare({
      caseId: c.id,
      at: this.clock.now(),
      channel: "WHATSAPP",
      stage: c.stage,
      actorId: actor.userId,
      actorName: actor.name,
      actorRole: actor.role,
    });
    const message = await this.message(c);
    return { url: `https://wa.me/?text=${encodeURIComponent(message)}`, message };
  }

  private async message(c: Case): Promise<string> {
    const lines = [`*Pengaduan ${c.trackingNumber}*`, `Judul: ${c.title}`];
    if (c.stage === Stage.CLOSED) {
      lines.push("Tahap: Selesai (ditutup)");
    } else {
      const step = stepOf(await this.sops.get(c.sopVersion), c.stage);
      lines.push(`Tahap: Langkah ${step.number} – ${step.description} (${step.actorLabel})`);
      if (c.stageDueAt) lines.push(`Batas waktu: ${WITA.format(c.stageDueAt)} WITA`);
    }
    return lines.join("\n");
  }
}
