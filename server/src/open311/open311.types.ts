/** GeoReport v2 wire shapes (https://wiki.open311.org/GeoReport_v2), JSON only, snake_case as the standard spells them. */

/** One entry of services.json: a complaint category of the desk. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: false;
  type: "realtime";
  /** Comma-separated, as the standard has it. */
  keywords: string;
  group: string;
}

export type Open311Status = "open" | "closed";

/**
 * A case as the public may see it: never the complainant's identity; `description`, `address`,
 * `lat` and `long` are left out entirely for a confidential (rahasia) case.
 */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description?: string;
  agency_responsible: string;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address?: string | null;
  address_id: null;
  zipcode: null;
  lat?: number | null;
  long?: number | null;
  media_url: null;
}

/** The answer to POST requests.json; `access_code` is this desk's extension, shown once. */
export interface Open311Receipt {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  access_code: string;
}

export interface Open311Error {
  code: number;
  description: string;
}

/** GET requests.json, parsed: `ids` overrides every other filter, as the standard says. */
export interface RequestQuery {
  ids: string[] | null;
  serviceCodes: string[] | null;
  start: Date;
  end: Date;
  statuses: Open311Status[] | null;
  page: number;
  pageSize: number;
}

/** POST requests.json, as received (form fields or JSON), before validation. */
export type SubmissionFields = Partial<Record<string, string>>;

export interface RequestPage {
  requests: Open311Request[];
  hasNextPage: boolean;
}
