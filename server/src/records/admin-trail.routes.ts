import express, { type Request, type Response, type Router } from "express";
import type { AuthService } from "../auth/auth.service.js";
import { param, sendRefusal } from "../auth/http.js";
import type { Clock } from "../clock.js";
import { invalid, unauthenticated } from "../errors.js";
import { witaText } from "../sop/calendar.js";
import { trailFilter, type AdminTrailService, type TrailFilter } from "./admin-trail.service.js";
import type { AdminChange, TrailSubjectType } from "./admin-trail.types.js";
import { csvLine, write, type Cell } from "./export.formats.js";

const FORMATS = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;
type Format = keyof typeof FORMATS;

const COLUMNS: { header: string; value: (e: AdminChange) => Cell }[] = [
  { header: "Waktu (WITA)", value: (e) => e.at },
  { header: "Nama pengguna", value: (e) => e.actor.username },
  { header: "Nama pelaku", value: (e) => e.actor.displayName },
  { header: "Tindakan", value: (e) => e.action },
  { header: "Jenis", value: (e) => e.subjectType },
  { header: "ID subjek", value: (e) => e.subjectId },
  { header: "Ringkasan", value: (e) => e.summary },
  { header: "Perubahan", value: (e) => e.changes.map((c) => `${c.field}: ${c.before ?? "—"} → ${c.after ?? "—"}`).join("; ") },
  { header: "Sebelum (JSON)", value: (e) => (e.before ? JSON.stringify(e.before) : null) },
  { header: "Sesudah (JSON)", value: (e) => (e.after ? JSON.stringify(e.after) : null) },
  { header: "Nomor", value: (e) => e.id },
];

function instant(field: string, value: string | null): Date | null {
  if (value === null) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalid(field, "is not an ISO 8601 instant, e.g. 2026-12-01T00:00:00+08:00");
  return at;
}

/** The page's filter from the query string: subjectType=&subjectId=&actor=&action=&from=&to= (ISO instants). */
function filterOf(req: Request): TrailFilter {
  return trailFilter({
    subjectType: param(req, "subjectType") as TrailSubjectType | null,
    subjectId: param(req, "subjectId"),
    actor: param(req, "actor"),
    action: param(req, "action"),
    from: instant("from", param(req, "from")),
    to: instant("to", param(req, "to")),
  });
}

/** The staff member of the request; an API token is identified here and refused by the trail, without a route scope to log. */
async function readerOf(auth: AuthService, req: Request) {
  const token = req.headers.authorization?.replace(/^Bearer\s+/i, "").trim();
  if (!token) throw unauthenticated();
  const { viewer } = await auth.identify(token);
  if (!viewer) throw unauthenticated("Sign in as staff");
  return viewer;
}

/**
 * GET /exports/admin-trail.csv|json with the page's filters and a Bearer token, for the superuser and
 * the Admin Instansi: the entries oldest first, streamed in batches; `X-Export-Total` says how many follow.
 */
export function adminTrailRoutes(auth: AuthService, trail: AdminTrailService, clock: Clock): Router {
  const router = express.Router();
  router.get("/exports/admin-trail.:format", async (req: Request, res: Response) => {
    let format: Format;
    let filter: TrailFilter;
    let total: number;
    try {
      const viewer = await readerOf(auth, req);
      format = String(req.params.format) as Format;
      if (!Object.hasOwn(FORMATS, format)) throw invalid("format", `must be one of ${Object.keys(FORMATS).join(", ")}`);
      filter = filterOf(req);
      total = await trail.count(viewer, filter);
      const stamp = witaText(clock.now()).replace(/[-: ]/g, "").slice(0, 12);
      res.status(200).set({
        "Content-Type": FORMATS[format],
        "Content-Disposition": `attachment; filename="jejak-admin-${stamp}.${format}"`,
        "X-Export-Total": String(total),
        "Cache-Control": "private, no-store",
      });
      const batches = trail.batches(viewer, filter);
      try {
        if (format === "csv") {
          await write(res, `\uFEFF${csvLine(COLUMNS.map((c) => c.header))}`);
          for await (const batch of batches) await write(res, batch.map((e) => csvLine(COLUMNS.map((c) => c.value(e)))).join(""));
        } else {
          const meta = { format: "sop-desk-admin-trail", version: 1, exportedAt: clock.now().toISOString(), total, filter };
          await write(res, `${JSON.stringify(meta).slice(0, -1)},"entries":[`);
          let first = true;
          for await (const batch of batches) {
            await write(res, batch.map((e, i) => `${first && i === 0 ? "\n" : ",\n"}${JSON.stringify(e)}`).join(""));
            first = false;
          }
          await write(res, "\n]}\n");
        }
        res.end();
      } catch (e) {
        if (!res.destroyed) req.log.error({ err: e }, "admin trail export failed after the response started");
        res.destroy();
      }
    } catch (e) {
      sendRefusal(res, e);
    }
  });
  return router;
}
