import busboy from "busboy";
import express, { type Request, type Response, type Router } from "express";
import { pipeline } from "node:stream/promises";
import type { AuthService } from "../auth/auth.service.js";
import { COMPLAINANT_ACTOR, type Actor } from "../auth/viewer.js";
import type { CaseQueries } from "../case/case.queries.js";
import type { Case } from "../case/case.entity.js";
import type { GuessLimiter } from "../auth/guess-limiter.js";
import { DomainError, ErrorCode, invalid } from "../errors.js";
import type { Attachment } from "./attachment.entity.js";
import { fileName, type AttachmentService, type Download, type UploadFields } from "./attachment.service.js";
import { sendRefusal, staffOf } from "../auth/http.js";

const FIELDS = new Set(["public", "stage"]);

/** Reads one multipart form: the file (field `file`) streams to the store while it arrives; answers once the body is consumed. */
function receive(req: Request, attachments: AttachmentService, actor: Actor, c: Case): Promise<Attachment> {
  if (!req.is("multipart/form-data")) {
    return Promise.reject(
      new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'body: send multipart/form-data with the file in the field "file"'),
    );
  }
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({
        headers: req.headers,
        defParamCharset: "utf8",
        preservePath: true,
        limits: { files: 2, fileSize: attachments.maxBytes + 1, fields: FIELDS.size + 1, fieldSize: 200, parts: FIELDS.size + 3 },
      });
    } catch (e) {
      reject(invalid("body", (e as Error).message));
      return;
    }
    const fields: UploadFields = {};
    let refusal: unknown = null;
    let upload: Promise<Attachment> | null = null;
    let markClosed: (value: UploadFields) => void = () => {};
    const closed = new Promise<UploadFields>((r) => (markClosed = r));
    form.on("field", (name, value) => {
      if (FIELDS.has(name)) fields[name as keyof UploadFields] = value;
      else refusal ??= invalid(name, "is not a field of this form (public, stage, file)");
    });
    form.on("file", (name, stream, info) => {
      if (name !== "file" || upload) {
        refusal ??= invalid(name, 'only one file, in the field "file"');
        stream.resume();
        return;
      }
      try {
        upload = attachments.upload(actor, c, fileName(info.filename ?? ""), stream, closed);
      } catch (e) {
        upload = Promise.reject(e);
      }
      upload.catch(() => stream.resume());
    });
    form.on("partsLimit", () => (refusal ??= invalid("body", "too many parts")));
    form.on("fieldsLimit", () => (refusal ??= invalid("body", "too many fields")));
    form.on("error", (e) => {
      refusal ??= invalid("body", `not a readable multipart form (${(e as Error).message})`);
      req.unpipe(form);
      req.resume();
      markClosed(fields);
      settle();
    });
    form.on("close", () => {
      markClosed(fields);
      settle();
    });
    let settled = false;
    function settle() {
      if (settled) return;
      settled = true;
      if (!upload) {
        reject(refusal ?? invalid("file", "is required"));
        return;
      }
      upload.then(
        async (saved) => {
          if (!refusal) return resolve(saved);
          await attachments.discard(saved);
          reject(refusal);
        },
        (e) => reject(refusal ?? e),
      );
    }
    req.pipe(form);
  });
}

function describe(a: Attachment) {
  return {
    id: a.id,
    fileName: a.fileName,
    mediaType: a.mediaType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    public: a.public,
    stage: a.stage,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}

async function send(req: Request, res: Response, { attachment, content }: Download): Promise<void> {
  res.status(200).set({
    "Content-Type": attachment.mediaType,
    "Content-Length": String(attachment.sizeBytes),
    "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    "X-Content-SHA256": attachment.sha256,
    "Repr-Digest": `sha-256=:${Buffer.from(attachment.sha256, "hex").toString("base64")}:`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Cache-Control": "private, no-store",
  });
  await pipeline(content, res).catch((e) => {
    req.log.error({ err: e, attachmentId: attachment.id }, "attachment download failed after the response started");
    res.destroy();
  });
}

function complainantCredentials(req: Request): [string, string] {
  const number = req.get("x-tracking-number")?.trim();
  const code = req.get("x-access-code")?.trim();
  if (!number) throw invalid("X-Tracking-Number", "header is required");
  if (!code) throw invalid("X-Access-Code", "header is required");
  return [number, code];
}

/**
 * POST /cases/:id/attachments (staff, multipart) · GET /attachments/:id (staff) ·
 * POST /portal/attachments and GET /portal/attachments/:id (the complainant, by X-Tracking-Number and X-Access-Code).
 */
export function attachmentRoutes(
  auth: AuthService,
  attachments: AttachmentService,
  caseQueries: CaseQueries,
  guesses: GuessLimiter,
): Router {
  const router = express.Router();
  const complainantCase = async (req: Request): Promise<Case> => {
    const [number, code] = complainantCredentials(req);
    return (await guesses.guard(req.socket.remoteAddress ?? null, number, () => caseQueries.publicView(number, code))).case;
  };
  const refuseAndDrain = (req: Request, res: Response, e: unknown) => {
    if (!req.complete) res.set("Connection", "close");
    sendRefusal(res, e);
  };
  router.post("/cases/:id/attachments", async (req, res) => {
    try {
      const viewer = await staffOf(auth, req, "attachmentUpload");
      const c = await attachments.caseForStaff(viewer, req.params.id);
      res.status(201).json({ attachment: describe(await receive(req, attachments, viewer, c)) });
    } catch (e) {
      refuseAndDrain(req, res, e);
    }
  });
  router.get("/attachments/:id", async (req, res) => {
    let download: Download;
    try {
      download = await attachments.download(await staffOf(auth, req, "attachmentDownload"), req.params.id);
    } catch (e) {
      return sendRefusal(res, e);
    }
    await send(req, res, download);
  });
  router.post("/portal/attachments", async (req, res) => {
    try {
      const c = await complainantCase(req);
      await attachments.checkComplainantMayAdd(c);
      res.status(201).json({ attachment: describe(await receive(req, attachments, COMPLAINANT_ACTOR, c)) });
    } catch (e) {
      refuseAndDrain(req, res, e);
    }
  });
  router.get("/portal/attachments/:id", async (req, res) => {
    let download: Download;
    try {
      download = await attachments.downloadPublic(await complainantCase(req), req.params.id);
    } catch (e) {
      return sendRefusal(res, e);
    }
    await send(req, res, download);
  });
  return router;
}
