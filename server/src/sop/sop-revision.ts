import { invalid } from "../errors.js";
import { MAX, optionalText, text } from "../validate.js";
import type { SopDefinition, SopStep, SopTimeStandard } from "./sop.definition.js";

/** What one step of a revision may change; its number, stage and actor are the code's. */
export interface StepRevision {
  number: number;
  description: string;
  requirements: string[];
  output: string[];
  remarks?: string | null;
  basis: SopTimeStandard["basis"];
  hours: number;
  minHours?: number | null;
}

/** Everything a revision may change: the header, the warning share, and per step its text and time standard. */
export type SopRevision = Pick<
  SopDefinition,
  | "number"
  | "createdOn"
  | "effectiveOn"
  | "approvedBy"
  | "legalBasis"
  | "qualifications"
  | "relatedSops"
  | "equipment"
  | "warning"
  | "records"
  | "warningShare"
> & { revisedOn?: string | null; steps: StepRevision[] };

/** One field that differs between two versions, as the SOP page shows it. */
export interface SopChange {
  field: string;
  before: string;
  after: string;
}

const MAX_HOURS = 2_000;
const MAX_LINES = 30;

/** The Mutu Baku label a time standard prints as, e.g. "2 Jam", "7-70 Jam", "1,5 Jam". */
export function timeLabel(hours: number, minHours?: number | null): string {
  const n = (h: number) => String(h).replace(".", ",");
  return minHours ? `${n(minHours)}-${n(hours)} Jam` : `${n(hours)} Jam`;
}

function isoDate(field: string, value: string | null | undefined): string {
  const v = (value ?? "").trim();
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
    Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  ) {
    throw invalid(field, "must be a date as YYYY-MM-DD");
  }
  return v;
}

function lines(field: string, values: string[] | null | undefined, min: number): string[] {
  const list = (values ?? []).map((v, i) => text(`${field}.${i}`, v, MAX.reason));
  if (list.length < min) throw invalid(field, `needs at least ${min} line${min === 1 ? "" : "s"}`);
  if (list.length > MAX_LINES) throw invalid(field, `has more than ${MAX_LINES} lines`);
  return list;
}

function hoursOf(field: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min || value > MAX_HOURS || Math.round(value * 4) !== value * 4) {
    throw invalid(field, `must be from ${min} to ${MAX_HOURS} hours, in quarter hours`);
  }
  return value;
}

/** `base` with the revision applied, every field validated; the steps' structure stays the base's. */
export function applyRevision(base: SopDefinition, r: SopRevision): SopDefinition {
  if (!Number.isFinite(r.warningShare) || r.warningShare < 0.5 || r.warningShare > 0.95) {
    throw invalid("warningShare", "must be from 0.5 to 0.95");
  }
  const numbers = r.steps.map((s) => s.number).sort((a, b) => a - b);
  if (numbers.join() !== base.steps.map((s) => s.number).join()) {
    throw invalid("steps", "must be the SOP's steps, each once: a structural change is a change of the code");
  }
  const createdOn = isoDate("createdOn", r.createdOn);
  const revisedOn = r.revisedOn == null || r.revisedOn.trim() === "" ? null : isoDate("revisedOn", r.revisedOn);
  const effectiveOn = isoDate("effectiveOn", r.effectiveOn);
  if (revisedOn && revisedOn < createdOn) throw invalid("revisedOn", "must not be before createdOn");
  const steps = base.steps.map((step): SopStep => {
    const s = r.steps.find((x) => x.number === step.number)!;
    const f = `steps.${step.number}`;
    if (s.basis !== "WORKING" && s.basis !== "CALENDAR") throw invalid(`${f}.basis`, "must be WORKING or CALENDAR");
    const hours = hoursOf(`${f}.hours`, s.hours, 0.25);
    const minHours = s.minHours == null || s.minHours === 0 ? undefined : hoursOf(`${f}.minHours`, s.minHours, 0.25);
    if (minHours !== undefined && minHours >= hours) throw invalid(`${f}.minHours`, "must be less than the hours");
    const remarks = optionalText(`${f}.remarks`, s.remarks, MAX.reason);
    const time: SopTimeStandard = {
      label: timeLabel(hours, minHours),
      basis: s.basis,
      hours,
      ...(minHours !== undefined ? { minHours } : {}),
    };
    return {
      ...step,
      description: text(`${f}.description`, s.description, MAX.reason),
      requirements: lines(`${f}.requirements`, s.requirements, 1),
      output: lines(`${f}.output`, s.output, 1),
      time,
      ...(remarks ? { remarks } : { remarks: undefined }),
    };
  });
  return {
    ...base,
    number: text("number", r.number, MAX.short),
    createdOn,
    revisedOn,
    effectiveOn,
    approvedBy: {
      position: text("approvedBy.position", r.approvedBy?.position, MAX.short),
      name: text("approvedBy.name", r.approvedBy?.name, MAX.short),
      nip: text("approvedBy.nip", r.approvedBy?.nip, 40),
    },
    legalBasis: lines("legalBasis", r.legalBasis, 1),
    qualifications: lines("qualifications", r.qualifications, 1),
    relatedSops: lines("relatedSops", r.relatedSops, 0),
    equipment: lines("equipment", r.equipment, 1),
    warning: text("warning", r.warning, MAX.reason),
    records: text("records", r.records, MAX.reason),
    warningShare: r.warningShare,
    steps: JSON.parse(JSON.stringify(steps)) as SopStep[],
  };
}

/** The revisable fields of a definition, flattened to readable strings by stable keys. */
function fields(d: SopDefinition): [string, string][] {
  const list = (v: string[]) => v.join("\n");
  return [
    ["number", d.number],
    ["createdOn", d.createdOn],
    ["revisedOn", d.revisedOn ?? ""],
    ["effectiveOn", d.effectiveOn],
    ["approvedBy", `${d.approvedBy.position}\n${d.approvedBy.name}\nNIP. ${d.approvedBy.nip}`],
    ["legalBasis", list(d.legalBasis)],
    ["qualifications", list(d.qualifications)],
    ["relatedSops", list(d.relatedSops)],
    ["equipment", list(d.equipment)],
    ["warning", d.warning],
    ["records", d.records],
    ["warningShare", `${Math.round(d.warningShare * 100)}%`],
    ...d.steps.flatMap((s): [string, string][] => [
      [`steps.${s.number}.description`, s.description],
      [`steps.${s.number}.requirements`, list(s.requirements)],
      [`steps.${s.number}.time`, `${s.time.label} (${s.time.basis === "WORKING" ? "jam kerja" : "jam kalender"})`],
      [`steps.${s.number}.output`, list(s.output)],
      [`steps.${s.number}.remarks`, s.remarks ?? ""],
    ]),
  ];
}

/** Each revisable field whose value differs from `before` to `after`, in the document's order. */
export function diffDefinitions(before: SopDefinition, after: SopDefinition): SopChange[] {
  const old = new Map(fields(before));
  return fields(after)
    .filter(([k, v]) => old.get(k) !== v)
    .map(([field, v]) => ({ field, before: old.get(field) ?? "", after: v }));
}

/** The editable part of a definition, as a revision that changes nothing. */
export function revisionOf(d: SopDefinition): SopRevision {
  return {
    number: d.number,
    createdOn: d.createdOn,
    revisedOn: d.revisedOn,
    effectiveOn: d.effectiveOn,
    approvedBy: { ...d.approvedBy },
    legalBasis: [...d.legalBasis],
    qualifications: [...d.qualifications],
    relatedSops: [...d.relatedSops],
    equipment: [...d.equipment],
    warning: d.warning,
    records: d.records,
    warningShare: d.warningShare,
    steps: d.steps.map((s) => ({
      number: s.number,
      description: s.description,
      requirements: [...s.requirements],
      output: [...s.output],
      remarks: s.remarks ?? null,
      basis: s.time.basis,
      hours: s.time.hours,
      minHours: s.time.minHours ?? null,
    })),
  };
}
