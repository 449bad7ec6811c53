import { GraphQLFailure } from "../graphql/client";

export interface DownloadProgress {
  /** Bytes received so far. */
  bytes: number;
  /** Line breaks outside double quotes received so far (CSV: the header line plus one per row, multi-line cells counted once). */
  lines: number;
  /** What the server said it is sending (`X-Export-Total`), when it said so. */
  total: number | null;
}

export interface Downloaded extends DownloadProgress {
  blob: Blob;
  fileName: string;
  /** Response headers, e.g. X-Content-SHA256. */
  headers: Headers;
}

export interface DownloadOptions {
  token: string | null;
  /** More request headers, e.g. the complainant's tracking number and access code. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** The file name when the response names none. */
  fallbackName: string;
  fetchImpl?: typeof fetch;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/** `attachment; filename="a.csv"; filename*=UTF-8''b%20c.csv` → "b c.csv" (the encoded form wins). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[2].trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(disposition);
  if (!plain) return fallback;
  const name = (plain[2] ?? plain[1]).replace(/\\(.)/g, "$1").trim();
  return name.replace(/[/\\]/g, "_") || fallback;
}

/** A refused request as the failure the console knows how to word: `{ error: { code, message } }`, or the status. */
export async function failureOfResponse(res: Response): Promise<GraphQLFailure> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (body?.error?.code) return new GraphQLFailure(String(body.error.code), String(body.error.message ?? ""));
  } catch {
    // not JSON: worded by status below
  }
  const byStatus: Record<number, string> = {
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
  };
  return new GraphQLFailure(byStatus[res.status] ?? "INTERNAL_SERVER_ERROR", `HTTP ${res.status}`);
}

export const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === "AbortError";

/** Reads a body chunk by chunk, counting bytes and record-ending line breaks; the chunks are kept for the Blob. */
export async function readCounting(
  body: ReadableStream<Uint8Array>,
  onChunk: (bytes: number, lines: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array[]> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  // A quoted CSV cell may hold line breaks; "" inside it toggles twice and so changes nothing.
  let quoted = false;
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw new DOMException("The download was cancelled.", "AbortError");
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      for (let i = 0; i < value.length; i++) {
        if (value[i] === QUOTE) quoted = !quoted;
        else if (value[i] === NEWLINE && !quoted) lines++;
      }
      onChunk(bytes, lines);
    }
    if (signal?.aborted) throw new DOMException("The download was cancelled.", "AbortError");
    return chunks;
  } finally {
    signal?.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}

/** GET with the Bearer token, streamed with progress; refusals become a GraphQLFailure, cancelling an AbortError. */
export async function download(url: string, options: DownloadOptions): Promise<Downloaded> {
  const doFetch = options.fetchImpl ?? fetch;
  let res: Response;
  try {
    const headers = { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
    res = await doFetch(url, { headers, signal: options.signal });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new GraphQLFailure("NETWORK", e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw await failureOfResponse(res);
  // A file route the server does not have falls through to the console's index.html.
  if (/^text\/html\b/i.test(res.headers.get("content-type") ?? "")) throw new GraphQLFailure("NOT_FOUND", url);
  const totalHeader = res.headers.get("x-export-total");
  const total = totalHeader !== null && /^\d+$/.test(totalHeader.trim()) ? Number(totalHeader) : null;
  const type = res.headers.get("content-type") ?? "application/octet-stream";
  const fileName = fileNameFrom(res.headers.get("content-disposition"), options.fallbackName);
  let bytes = 0;
  let lines = 0;
  options.onProgress?.({ bytes, lines, total });
  const chunks = res.body
    ? await readCounting(
        res.body,
        (b, l) => {
          bytes = b;
          lines = l;
          options.onProgress?.({ bytes, lines, total });
        },
        options.signal,
      )
    : [];
  return { blob: new Blob(chunks as BlobPart[], { type }), fileName, bytes, lines, total, headers: res.headers };
}

/** Rows of a CSV received so far: line breaks less the header's. */
export const csvRows = (p: Pick<DownloadProgress, "lines">): number => Math.max(0, p.lines - 1);

/** Hands a Blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/** "1,2 MB": sizes in the user's language. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale === "en" ? "en-GB" : "id-ID", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
