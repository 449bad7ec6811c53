import type { DataSource } from "typeorm";
import { CATEGORIES, categoryOf } from "../case/case.categories.js";
import type { CaseService, SubmittingApp } from "../case/case.service.js";
import { CaseAction } from "../case/case.workflow.js";
import { invalid, notFound } from "../errors.js";
import { WITA_OFFSET_MS, witaText } from "../sop/calendar.js";
import { Role, Stage, stepOf, type SopDefinition } from "../sop/sop.definition.js";
import type { SopService } from "../sop/sop.service.js";
import { optionalText, text } from "../validate.js";
import type { Open311Receipt, Open311Request, Open311Service, RequestPage, RequestQuery, SubmissionFields } from "./open311.types.js";

/** The portal's limits on a complaint's text. */
const DESCRIPTION = { min: 10, max: 4_000 } as const;
const TITLE_MAX = 100;
const ADDRESS_MAX = 250;

interface Row {
  tracking_number: string;
  category: string;
  description: string;
  location: string | null;
  confidential: boolean;
  stage: Stage;
  round: number;
  sop_version: number;
  received_at: Date;
  closed_by_role: Role | null;
  destination: string | null;
  opd_name: string | null;
  due_at: Date | null;
  last_action: CaseAction;
  last_at: Date;
}

// The open visit's deadline and the last event (the latest change, and for a closed case how it closed).
const SELECT = `
  SELECT c.tracking_number, c.category, c.description, c.location, c.confidential, c.stage, c.round, c.sop_version,
         c.received_at, c.closed_by_role, c.destination, o.name AS opd_name, v.due_at, e.action AS last_action, e.at AS last_at
    FROM complaint_case c
    LEFT JOIN opd o ON o.id = c.opd_id
    LEFT JOIN stage_visit v ON v.case_id = c.id AND v.done_at IS NULL
   CROSS JOIN LATERAL (SELECT action, at FROM case_event WHERE case_id = c.id ORDER BY id DESC LIMIT 1) e`;

/** ISO 8601 in WITA, the city's time, with its offset. */
export const witaIso = (d: Date) => `${new Date(d.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;

const WITH_ADDRESS = /^(.+) \((-?\d+\.\d+), (-?\d+\.\d+)\)$/;
const ONLY_POINT = /^(-?\d+\.\d+), (-?\d+\.\d+)$/;

/** Open311's view of the desk: its categories as services, its cases as service requests. */
export class Open311Facade {
  constructor(
    private readonly ds: DataSource,
    private readonly sops: SopService,
    private readonly cases: CaseService,
  ) {}

  services(): Open311Service[] {
    return CATEGORIES.map((c) => ({
      service_code: c.code,
      service_name: c.label,
      description: c.description,
      metadata: false,
      type: "realtime",
      keywords: c.keywords.join(","),
      group: c.group,
    }));
  }

  /** One page, newest first: LIMIT/OFFSET in SQL, one row more than asked to know whether another page follows. */
  async list(q: RequestQuery): Promise<RequestPage> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (q.ids) where.push(`c.tracking_number = ANY(${p(q.ids)}::text[])`);
    else {
      where.push(`c.received_at >= ${p(q.start)}::timestamptz`, `c.received_at <= ${p(q.end)}::timestamptz`);
      if (q.serviceCodes) where.push(`c.category = ANY(${p(q.serviceCodes)}::text[])`);
      if (q.statuses?.length === 1) where.push(q.statuses[0] === "closed" ? `c.stage = 'CLOSED'` : `c.stage <> 'CLOSED'`);
    }
    const rows = (await this.ds.query(
      `${SELECT} WHERE ${where.join(" AND ")} ORDER BY c.received_at DESC, c.id DESC LIMIT ${p(q.pageSize + 1)} OFFSET ${p((q.page - 1) * q.pageSize)}`,
      params,
    )) as Row[];
    const page = rows.slice(0, q.pageSize);
    const sops = new Map<number, SopDefinition>();
    for (const r of page) if (!sops.has(r.sop_version)) sops.set(r.sop_version, await this.sops.get(r.sop_version));
    return { requests: page.map((r) => project(r, sops.get(r.sop_version)!)), hasNextPage: rows.length > q.pageSize };
  }

  async byId(trackingNumber: string): Promise<Open311Request> {
    const id = text("service_request_id", trackingNumber, 64).toUpperCase();
    const rows = (await this.ds.query(`${SELECT} WHERE c.tracking_number = $1`, [id])) as Row[];
    if (!rows[0]) throw notFound(`Service request ${id}`);
    return project(rows[0], await this.sops.get(rows[0].sop_version));
  }

  /** A civic app's complaint, through the portal's own path (same checks, same step-1 clock), recorded as sent with `app`'s token. */
  async submit(fields: SubmissionFields, app: SubmittingApp): Promise<Open311Receipt> {
    const code = text("service_code", fields.service_code, 100);
    const category = categoryOf(code);
    if (!category) throw invalid("service_code", `no service "${code}"; services.json lists them`);
    const description = text("description", fields.description, DESCRIPTION.max);
    if (description.length < DESCRIPTION.min) throw invalid("description", `must be at least ${DESCRIPTION.min} characters`);
    const name = [optionalText("first_name", fields.first_name, 100), optionalText("last_name", fields.last_name, 100)]
      .filter(Boolean)
      .join(" ");
    const contact = [emailOf(fields.email), phoneOf(fields.phone)].filter(Boolean).join(" / ");
    const anonymous = !name && !contact;
    const { case: c, accessCode } = await this.cases.submitComplaint(
      {
        title: titleOf(description),
        description,
        category: category.code,
        location: locationOf(fields),
        anonymous,
        confidential: flagOf("confidential", fields.confidential),
        // The desk records a name with every identity; an app that sends only a contact gets it as the name too.
        complainantName: anonymous ? null : name || contact,
        complainantContact: contact || null,
      },
      app,
    );
    const step = stepOf(this.sops.current().definition, Stage.DISPOSITION);
    return {
      service_request_id: c.trackingNumber,
      service_notice:
        `Pengaduan diterima. Langkah ${step.number} (${step.actorLabel}): ${step.description}, paling lambat ` +
        `${witaText(c.stageDueAt!)} WITA. Simpan nomor pengaduan dan kode akses untuk memantau di portal.`,
      account_id: null,
      access_code: accessCode,
    };
  }
}

function project(r: Row, sop: SopDefinition): Open311Request {
  const closed = r.stage === Stage.CLOSED;
  const place = r.confidential ? null : placeOf(r.location);
  return {
    service_request_id: r.tracking_number,
    status: closed ? "closed" : "open",
    status_notes: closed ? closingNote(r, sop) : stepNote(r, sop),
    service_name: categoryOf(r.category)?.label ?? r.category,
    service_code: r.category,
    ...(r.confidential ? {} : { description: r.description }),
    agency_responsible: r.opd_name ?? `${roleLabel(sop, Role.ADMIN_INSTANSI)} ${sop.government}`,
    service_notice: null,
    requested_datetime: witaIso(r.received_at),
    updated_datetime: witaIso(r.last_at),
    expected_datetime: !closed && r.due_at ? witaIso(r.due_at) : null,
    ...(place ?? {}),
    address_id: null,
    zipcode: null,
    media_url: null,
  };
}

/** The SOP's own words for the step the case is at. */
function stepNote(r: Row, sop: SopDefinition): string {
  const step = stepOf(sop, r.stage);
  const round = r.round > 1 ? ` (putaran ${r.round})` : "";
  return `Langkah ${step.number} dari ${sop.steps.length}${round}, ${step.actorLabel}: ${step.description}`;
}

/** How it closed; no free text a member of staff wrote, only where a transferred complaint went. */
function closingNote(r: Row, sop: SopDefinition): string {
  const by = r.closed_by_role ? roleLabel(sop, r.closed_by_role) : "";
  switch (r.last_action) {
    case CaseAction.ACCEPT:
      return `Selesai: jawaban diterima oleh ${by}`;
    case CaseAction.CLOSE:
      return `Selesai: ditutup oleh ${by} setelah jawaban disampaikan`;
    case CaseAction.AUTO_CLOSE:
      return "Selesai: ditutup otomatis oleh sistem karena tidak ada tanggapan dari pengadu dalam batas waktu";
    case CaseAction.REJECT:
      return `Ditolak oleh ${by}`;
    case CaseAction.TRANSFER_OUT:
      return r.confidential || !r.destination ? `Dialihkan oleh ${by}` : `Dialihkan oleh ${by} ke ${r.destination}`;
    default:
      return "Selesai";
  }
}

function roleLabel(sop: SopDefinition, role: Role): string {
  if (role === Role.SYSTEM) return "sistem";
  return sop.actorColumns.find((a) => a.role === role)?.label ?? role;
}

/** The location text as submitted: "address (lat, long)", "lat, long" or an address alone. */
function locationOf(fields: SubmissionFields): string | null {
  const address = optionalText("address_string", fields.address_string, ADDRESS_MAX);
  const lat = optionalText("lat", fields.lat, 30);
  const long = optionalText("long", fields.long, 30);
  if (!lat !== !long) throw invalid(lat ? "long" : "lat", "lat and long come together");
  if (!lat || !long) return address;
  const point = `${coordinate("lat", lat, 90)}, ${coordinate("long", long, 180)}`;
  return address ? `${address} (${point})` : point;
}

function placeOf(location: string | null): Pick<Open311Request, "address" | "lat" | "long"> {
  const withAddress = location ? WITH_ADDRESS.exec(location) : null;
  if (withAddress) return { address: withAddress[1], lat: Number(withAddress[2]), long: Number(withAddress[3]) };
  const point = location ? ONLY_POINT.exec(location) : null;
  if (point) return { address: null, lat: Number(point[1]), long: Number(point[2]) };
  return { address: location, lat: null, long: null };
}

function coordinate(field: string, value: string, limit: number): string {
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw invalid(field, `must be a number from -${limit} to ${limit}`);
  return n.toFixed(6);
}

function emailOf(value: string | undefined): string | null {
  const email = optionalText("email", value, 120);
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid("email", "is not an e-mail address");
  return email;
}

function phoneOf(value: string | undefined): string | null {
  const phone = optionalText("phone", value, 40);
  if (phone && !/^\+?[0-9][0-9 ().-]{5,}$/.test(phone)) throw invalid("phone", "is not a phone number");
  return phone;
}

function flagOf(field: string, value: string | undefined): boolean {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw invalid(field, "must be true or false");
}

/** The first line of the description, cut at a word near TITLE_MAX characters: Open311 has no title. */
function titleOf(description: string): string {
  const line = description.split(/\r?\n/, 1)[0].replace(/\s+/g, " ").trim();
  if (line.length <= TITLE_MAX) return line;
  const cut = line.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > TITLE_MAX / 2 ? cut.slice(0, space) : cut}…`;
}
