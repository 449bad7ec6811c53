import express, { type Request, type Response, type Router } from "express";
import type { AuthService } from "../auth/auth.service.js";
import { Channel } from "../case/case.entity.js";
import type { Clock } from "../clock.js";
import type { CaseFilter } from "../case/case.inputs.js";
import { invalid } from "../errors.js";
import { Stage } from "../sop/sop.definition.js";
import type { CaseExporter, ExportPart } from "./case-export.js";
import { witaText } from "../sop/calendar.js";
import { writeCsv, writeJson, writeXlsx } from "./export.formats.js";
import { param, sendRefusal, staffOf } from "../auth/http.js";

const FORMATS = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
} as const;

type Format = keyof typeof FORMATS;

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw invalid(field, `must be one of ${allowed.join(", ")}`);
  return value as T;
}

/** The board's filter from the query string: stage=A,B&opdId=&channel=&text=&overdue=true|false&assignedToMe=true&unassigned=true. */
export function filterOf(req: Request): CaseFilter {
  const stage = param(req, "stage");
  const channel = param(req, "channel");
  const overdue = param(req, "overdue");
  const yes = (name: string) => {
    const value = param(req, name);
    return value == null ? null : oneOf(name, value, ["true", "false"]) === "true";
  };
  return {
    stages: stage ? stage.split(",").map((s) => oneOf("stage", s.trim(), Object.values(Stage))) : null,
    opdId: param(req, "opdId"),
    channel: channel ? oneOf("channel", channel, Object.values(Channel)) : null,
    text: param(req, "text"),
    overdue: overdue == null ? null : oneOf("overdue", overdue, ["true", "false"]) === "true",
    assignedToMe: yes("assignedToMe"),
    unassigned: yes("unassigned"),
  };
}

/** GET /exports/cases.csv|xlsx|json with the board's filters and a Bearer token; `X-Export-Total` says how many cases follow. */
export function exportRoutes(auth: AuthService, exporter: CaseExporter, clock: Clock): Router {
  const router = express.Router();
  router.get("/exports/cases.:format", async (req: Request, res: Response) => {
    let total: number;
    let format: Format;
    let part: ExportPart;
    let filter: CaseFilter;
    const viewer = await staffOf(auth, req, "exports").catch((e) => (sendRefusal(res, e), null));
    if (!viewer) return;
    try {
      format = oneOf("format", String(req.params.format), Object.keys(FORMATS) as Format[]);
      part = oneOf("part", param(req, "part") ?? "cases", ["cases", "visits", "events"] as const);
      if (format !== "csv" && param(req, "part"))
        throw invalid("part", "applies to CSV only; XLSX has a sheet per part and JSON nests them");
      filter = filterOf(req);
      total = await exporter.count(viewer, filter);
    } catch (e) {
      return sendRefusal(res, e);
    }
    const stamp = witaText(clock.now()).replace(/[-: ]/g, "").slice(0, 12);
    const name = format === "csv" && part !== "cases" ? `kasus-${part}-${stamp}.csv` : `kasus-${stamp}.${format}`;
    res.status(200).set({
      "Content-Type": FORMATS[format],
      "Content-Disposition": `attachment; filename="${name}"`,
      "X-Export-Total": String(total),
      "Cache-Control": "private, no-store",
    });
    const all = new Set<ExportPart>(["cases", "visits", "events", "notes"]);
    try {
      if (format === "csv") await writeCsv(res, part, exporter.batches(viewer, filter, new Set([part])));
      else if (format === "json") {
        const meta = { exportedAt: clock.now().toISOString(), total, filter };
        await writeJson(res, meta, exporter.batches(viewer, filter, all));
      } else await writeXlsx(res, (p) => exporter.batches(viewer, filter, new Set([p])));
      res.end();
    } catch (e) {
      if (!res.destroyed) req.log.error({ err: e }, "export failed after the response started");
      res.destroy();
    }
  });
  return router;
}
