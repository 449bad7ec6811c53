import type { SopDocumentViewFragment, SopRevisionInput, TimeBasis } from "../graphql/generated/graphql";

/** A step of the draft editor: lists as one item per line, hours as numbers. */
export interface StepForm {
  number: number;
  description: string;
  requirements: string;
  output: string;
  remarks: string;
  basis: TimeBasis;
  hours: number;
  minHours: number | null;
}

/** The draft editor's model: what a revision may change, lists as text with one item per line. */
export interface RevisionForm {
  number: string;
  createdOn: string;
  revisedOn: string;
  effectiveOn: string;
  position: string;
  name: string;
  nip: string;
  legalBasis: string;
  qualifications: string;
  relatedSops: string;
  equipment: string;
  warning: string;
  records: string;
  warningPercent: number;
  steps: StepForm[];
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

export function formOf(sop: SopDocumentViewFragment): RevisionForm {
  return {
    number: sop.number,
    createdOn: sop.createdOn,
    revisedOn: sop.revisedOn ?? "",
    effectiveOn: sop.effectiveOn,
    position: sop.approvedBy.position,
    name: sop.approvedBy.name,
    nip: sop.approvedBy.nip,
    legalBasis: sop.legalBasis.join("\n"),
    qualifications: sop.qualifications.join("\n"),
    relatedSops: sop.relatedSops.join("\n"),
    equipment: sop.equipment.join("\n"),
    warning: sop.warning,
    records: sop.records,
    warningPercent: Math.round(sop.warningShare * 100),
    steps: sop.steps.map((s) => ({
      number: s.number,
      description: s.description,
      requirements: s.requirements.join("\n"),
      output: s.output.join("\n"),
      remarks: s.remarks ?? "",
      basis: s.time.basis,
      hours: s.time.hours,
      minHours: s.time.minHours ?? null,
    })),
  };
}

export function inputOf(f: RevisionForm): SopRevisionInput {
  return {
    number: f.number,
    createdOn: f.createdOn,
    revisedOn: f.revisedOn.trim() || null,
    effectiveOn: f.effectiveOn,
    approvedBy: { position: f.position, name: f.name, nip: f.nip },
    legalBasis: lines(f.legalBasis),
    qualifications: lines(f.qualifications),
    relatedSops: lines(f.relatedSops),
    equipment: lines(f.equipment),
    warning: f.warning,
    records: f.records,
    warningShare: Number(f.warningPercent) / 100,
    steps: f.steps.map((s) => ({
      number: s.number,
      description: s.description,
      requirements: lines(s.requirements),
      output: lines(s.output),
      remarks: s.remarks.trim() || null,
      basis: s.basis,
      hours: Number(s.hours),
      minHours: s.minHours === null || String(s.minHours) === "" ? null : Number(s.minHours),
    })),
  };
}

/** The i18n keys naming a field of the server's refusals and diffs, e.g. "steps.2.time" → step 2, time. */
export function fieldParts(field: string): { step: number | null; key: string } {
  const parts = field.split(".");
  if (parts[0] === "steps" && parts.length >= 3) return { step: Number(parts[1]), key: parts[2] };
  if (parts[0] === "approvedBy" && parts[1]) return { step: null, key: parts[1] };
  return { step: null, key: parts[0] };
}

/** "YYYY-MM-DDTHH:MM" on the WITA wall clock, for a datetime-local input; and back to an instant. */
export const witaLocal = (at: number): string => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
export const fromWitaLocal = (value: string): Date => new Date(`${value}:00+08:00`);
