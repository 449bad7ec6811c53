import type { EntityManager } from "typeorm";
import { recordChange, type TrailActor } from "../trail/admin-trail.js";
import { Opd } from "./opd.entity.js";

/** A token as the trail names it: its label, and its OPD's code or the whole city. */
export const tokenSummary = (label: string, opd: Pick<Opd, "code"> | null) => `${label} (${opd?.code ?? "seluruh kota"})`;

/** The trail's row for a token revoked now, inside the revoking transaction; its OPD is read for the summary. */
export async function recordTokenRevoked(
  tx: EntityManager,
  actor: TrailActor,
  subjectType: "API_TOKEN" | "DISPLAY_TOKEN",
  token: { id: string; label: string; opdId: string | null },
  revokedAt: Date,
): Promise<void> {
  const opd = token.opdId ? await tx.getRepository(Opd).findOneBy({ id: token.opdId }) : null;
  await recordChange(tx, {
    actor,
    at: revokedAt,
    action: `${subjectType}_REVOKED`,
    subjectType,
    subjectId: token.id,
    summary: tokenSummary(token.label, opd),
    before: { revokedAt: null },
    after: { revokedAt },
  });
}
