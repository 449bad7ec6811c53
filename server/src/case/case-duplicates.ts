import type { DataSource } from "typeorm";
import { requireRole, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import { Role, Stage } from "../sop/sop.definition.js";
import { MAX, optionalText, text } from "../validate.js";

export enum DuplicateReason {
  SAME_LAPOR_ID = "SAME_LAPOR_ID",
  SIMILAR_TEXT = "SIMILAR_TEXT",
}

/**
 * Jaccard similarity of the word sets of title + description (lower-cased, accents dropped,
 * words under 3 letters ignored). 0.5 means half of all distinct words are shared: a resubmission
 * with edits stays above it, two different complaints from one person rarely reach it.
 */
export const SIMILARITY_THRESHOLD = 0.5;
export const SIMILAR_WITHIN_DAYS = 30;
const MAX_CANDIDATES = 20;

export interface DuplicateQuery {
  laporTrackingId?: string | null;
  title: string;
  description: string;
  complainantContact?: string | null;
}

export interface DuplicateCandidateData {
  caseId: string;
  trackingNumber: string;
  title: string;
  stage: Stage;
  receivedAt: Date;
  reason: DuplicateReason;
  score: number;
}

interface CandidateRow {
  id: string;
  tracking_number: string;
  title: string;
  description: string;
  stage: Stage;
  received_at: Date;
  lapor_tracking_id: string | null;
}

function words(s: string): Set<string> {
  const plain = s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  return new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3));
}

export function textSimilarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/** Phone numbers and e-mails compared without punctuation; +62 and 0 prefixes alike. */
const normalisedContact = (sql: string) => `regexp_replace(regexp_replace(lower(${sql}), '[^a-z0-9@]', '', 'g'), '^62([0-9]+)$', '0\\1')`;

/** Step 1 intake's duplicate warning: it never refuses, it only points at likely earlier cases. */
export class DuplicateFinder {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async candidates(viewer: StaffViewer | null, input: DuplicateQuery): Promise<DuplicateCandidateData[]> {
    requireRole(viewer, Role.ADMIN_INSTANSI);
    const laporId = optionalText("laporTrackingId", input.laporTrackingId, 64);
    const wanted = `${text("title", input.title, MAX.short)} ${text("description", input.description, MAX.long)}`;
    const contact = optionalText("complainantContact", input.complainantContact, MAX.short);
    const since = new Date(this.clock.now().getTime() - SIMILAR_WITHIN_DAYS * 86_400_000);
    const rows = (await this.ds.query(
      `SELECT id, tracking_number, title, description, stage, received_at, lapor_tracking_id
         FROM complaint_case
        WHERE (lapor_tracking_id IS NOT NULL AND upper(lapor_tracking_id) = upper($1::text))
           OR ($2::text IS NOT NULL AND received_at >= $3::timestamptz
               AND ${normalisedContact("complainant_contact")} = ${normalisedContact("$2::text")})
        ORDER BY received_at DESC
        LIMIT 500`,
      [laporId, contact, since],
    )) as CandidateRow[];
    const found: DuplicateCandidateData[] = [];
    for (const r of rows) {
      const sameLapor = laporId !== null && r.lapor_tracking_id?.toUpperCase() === laporId.toUpperCase();
      const score = sameLapor ? 1 : Math.round(textSimilarity(wanted, `${r.title} ${r.description}`) * 100) / 100;
      if (!sameLapor && score < SIMILARITY_THRESHOLD) continue;
      found.push({
        caseId: r.id,
        trackingNumber: r.tracking_number,
        title: r.title,
        stage: r.stage,
        receivedAt: new Date(r.received_at),
        reason: sameLapor ? DuplicateReason.SAME_LAPOR_ID : DuplicateReason.SIMILAR_TEXT,
        score,
      });
    }
    return found.sort((a, b) => b.score - a.score || b.receivedAt.getTime() - a.receivedAt.getTime()).slice(0, MAX_CANDIDATES);
  }
}
