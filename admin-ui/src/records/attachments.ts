import { GraphQLFailure } from "../graphql/client";
import type { Stage } from "../graphql/generated/graphql";
import { download, failureOfResponse, type DownloadOptions, type Downloaded } from "./download";

/** The server's default limit (ATTACHMENT_MAX_MB); checked here too so a large file is refused before it is sent. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What the server accepts, read from the content; the file picker offers these. */
export const ACCEPTED_TYPES = "application/pdf,image/jpeg,image/png,image/webp,image/tiff,.pdf,.jpg,.jpeg,.png,.webp,.tif,.tiff";

export interface UploadedAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  public: boolean;
  stage: Stage | null;
  uploadedAt: string;
}

export interface UploadInput {
  file: File;
  public: boolean;
  stage: Stage | null;
}

/** POST /cases/:id/attachments as multipart/form-data; refusals become the failures the console words. */
export async function uploadAttachment(
  caseId: string,
  input: UploadInput,
  token: string | null,
  fetchImpl: typeof fetch = fetch,
): Promise<UploadedAttachment> {
  if (input.file.size > MAX_ATTACHMENT_BYTES) throw new GraphQLFailure("PAYLOAD_TOO_LARGE", `${input.file.name}: ${input.file.size} bytes`);
  const form = new FormData();
  form.append("public", input.public ? "true" : "false");
  if (input.stage) form.append("stage", input.stage);
  form.append("file", input.file, input.file.name);
  let res: Response;
  try {
    res = await fetchImpl(`/cases/${encodeURIComponent(caseId)}/attachments`, {
      method: "POST",
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch (e) {
    throw new GraphQLFailure("NETWORK", e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw await failureOfResponse(res);
  return ((await res.json()) as { attachment: UploadedAttachment }).attachment;
}

/** Lowercase hex SHA-256 of a Blob; null where the browser offers no digest (not a secure context). */
export async function sha256Hex(blob: Blob): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A download whose content must match the SHA-256 the server recorded at upload. */
export async function downloadVerified(url: string, options: DownloadOptions & { expectedSha256: string }): Promise<Downloaded> {
  const file = await download(url, options);
  const said = file.headers.get("x-content-sha256")?.toLowerCase() ?? null;
  const got = await sha256Hex(file.blob);
  const expected = options.expectedSha256.toLowerCase();
  if ((said && said !== expected) || (got && got !== expected)) throw new GraphQLFailure("INTEGRITY", file.fileName);
  return file;
}

/** "application/pdf" → "PDF", "image/jpeg" → "JPEG". */
export function typeLabel(mediaType: string): string {
  const sub = mediaType.split("/")[1] ?? mediaType;
  return sub.replace(/^x-/, "").toUpperCase();
}
