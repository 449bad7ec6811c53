import { describe, expect, it } from "vitest";
import { GraphQLFailure } from "../graphql/client";
import { downloadVerified, MAX_ATTACHMENT_BYTES, sha256Hex, typeLabel, uploadAttachment } from "./attachments";

const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

describe("attachments", () => {
  it("uploads the file and the form fields with the token", async () => {
    let sent: { url: string; init: RequestInit } | null = null;
    const fetchImpl: typeof fetch = async (url, init) => {
      sent = { url: String(url), init: init! };
      return new Response(JSON.stringify({ attachment: { id: "a1", fileName: "surat.pdf" } }), {
        status: 201,
        headers: { "content-type": "application/json" },
      });
    };
    const file = new File([PDF], "surat.pdf", { type: "application/pdf" });
    const got = await uploadAttachment("c 1", { file, public: true, stage: "ANALYSIS" }, "tkn", fetchImpl);
    expect(got.id).toBe("a1");
    expect(sent!.url).toBe("/cases/c%201/attachments");
    expect((sent!.init.headers as Record<string, string>).authorization).toBe("Bearer tkn");
    const form = sent!.init.body as FormData;
    expect(form.get("public")).toBe("true");
    expect(form.get("stage")).toBe("ANALYSIS");
    expect((form.get("file") as File).name).toBe("surat.pdf");
  });

  it("refuses a file over the limit before sending it, and words the server's refusals", async () => {
    let called = false;
    const never: typeof fetch = async () => ((called = true), new Response());
    const big = { name: "besar.pdf", size: MAX_ATTACHMENT_BYTES + 1 } as File;
    await expect(uploadAttachment("c1", { file: big, public: false, stage: null }, "t", never)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(called).toBe(false);
    const refuse: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "file: the content is ZIP" } }), { status: 415 });
    const e = await uploadAttachment("c1", { file: new File([PDF], "a.pdf"), public: false, stage: null }, "t", refuse).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(GraphQLFailure);
    expect(e).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("checks a download against the recorded SHA-256", async () => {
    const sha = await sha256Hex(new Blob([PDF]));
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const serve: typeof fetch = async () => new Response(PDF, { headers: { "content-type": "application/pdf", "x-content-sha256": sha! } });
    const ok = await downloadVerified("/attachments/a1", { token: "t", fallbackName: "a.pdf", expectedSha256: sha!, fetchImpl: serve });
    expect(ok.bytes).toBe(PDF.byteLength);
    await expect(
      downloadVerified("/attachments/a1", { token: "t", fallbackName: "a.pdf", expectedSha256: "0".repeat(64), fetchImpl: serve }),
    ).rejects.toMatchObject({ code: "INTEGRITY" });
  });

  it("names types shortly", () => {
    expect(typeLabel("application/pdf")).toBe("PDF");
    expect(typeLabel("image/webp")).toBe("WEBP");
  });
});
