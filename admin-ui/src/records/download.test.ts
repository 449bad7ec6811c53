import { describe, expect, it } from "vitest";
import { GraphQLFailure } from "../graphql/client";
import { csvRows, download, fileNameFrom, formatBytes, isAbort, type DownloadProgress } from "./download";

const encoder = new TextEncoder();

/** A body that hands out `parts` one read at a time; `hold` stops before the last part until released. */
function streamOf(parts: string[], hold?: Promise<void>): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (hold && i === parts.length - 1) await hold;
      if (i < parts.length) controller.enqueue(encoder.encode(parts[i++]));
      else controller.close();
    },
  });
}

const fakeFetch =
  (res: () => Response, seen: { url?: string; init?: RequestInit } = {}): typeof fetch =>
  async (url, init) => {
    seen.url = String(url);
    seen.init = init;
    if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
    return res();
  };

const CSV = ["\uFEFFNomor,Judul\r\n", 'ADU-1,Satu\r\nADU-2,"Dua\r\nbaris, ""kutip""', '"\r\n', "ADU-3,Tiga\r\n"];

describe("streaming download with progress", () => {
  it("counts bytes and CSV records as the body arrives (a quoted line break is not a record), sends the token, and names the file from Content-Disposition", async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const progress: DownloadProgress[] = [];
    const res = () =>
      new Response(streamOf(CSV), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "x-export-total": "3",
          "content-disposition": `attachment; filename="kasus.csv"; filename*=UTF-8''kasus%202026-11.csv`,
        },
      });
    const got = await download("/exports/cases.csv?part=cases", {
      token: "tkn",
      fallbackName: "x.csv",
      onProgress: (p) => progress.push({ ...p }),
      fetchImpl: fakeFetch(res, seen),
    });

    expect(seen.url).toBe("/exports/cases.csv?part=cases");
    expect((seen.init?.headers as Record<string, string>).authorization).toBe("Bearer tkn");
    expect(got.fileName).toBe("kasus 2026-11.csv");
    expect(got.total).toBe(3);
    expect(progress.map((p) => csvRows(p))).toEqual([0, 0, 1, 2, 3]);
    expect(progress.at(-1)!.bytes).toBe(encoder.encode(CSV.join("")).byteLength);
    expect(got.blob.type).toBe("text/csv; charset=utf-8");
    expect(new Uint8Array(await got.blob.arrayBuffer())).toEqual(encoder.encode(CSV.join("")));
  });

  it("stops when cancelled in the middle of the body, with an AbortError", async () => {
    const controller = new AbortController();
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const progress: DownloadProgress[] = [];
    const pending = download("/exports/cases.json", {
      token: "tkn",
      fallbackName: "kasus.json",
      signal: controller.signal,
      onProgress: (p) => {
        progress.push({ ...p });
        if (p.bytes > 0 && !controller.signal.aborted) {
          controller.abort();
          release();
        }
      },
      fetchImpl: fakeFetch(() => new Response(streamOf(['[{"a":1}', ',{"a":2}', "]"], hold))),
    });
    const error = await pending.catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
    expect(progress.at(-1)!.bytes).toBe(8);
  });

  it("turns a refusal's JSON body into the failure the console words, and a non-JSON one by its status", async () => {
    const refused = () =>
      new Response(JSON.stringify({ error: { code: "FORBIDDEN", message: "not yours" } }), {
        status: 403,
        headers: { "content-type": "application/json" },
      });
    const e1 = await download("/x", { token: null, fallbackName: "x", fetchImpl: fakeFetch(refused) }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(GraphQLFailure);
    expect(e1).toMatchObject({ code: "FORBIDDEN", message: "not yours" });
    const e2 = await download("/x", {
      token: null,
      fallbackName: "x",
      fetchImpl: fakeFetch(() => new Response("too big", { status: 413 })),
    }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const offline: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    expect(await download("/x", { token: null, fallbackName: "x", fetchImpl: offline }).catch((e: unknown) => e)).toMatchObject({
      code: "NETWORK",
    });
  });

  it("reads file names in their plain and encoded forms, and sizes in the user's language", () => {
    expect(fileNameFrom(null, "a.csv")).toBe("a.csv");
    expect(fileNameFrom('attachment; filename="kepatuhan-mutu-baku.csv"', "a.csv")).toBe("kepatuhan-mutu-baku.csv");
    expect(fileNameFrom("attachment; filename=kasus.xlsx", "a")).toBe("kasus.xlsx");
    expect(fileNameFrom('attachment; filename="../etc/passwd"', "a")).toBe(".._etc_passwd");
    expect(formatBytes(512, "id")).toBe("512 B");
    expect(formatBytes(1536, "id")).toBe("1,5 KB");
    expect(formatBytes(10 * 1024 * 1024, "en")).toBe("10.0 MB");
  });
});
