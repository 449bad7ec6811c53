import { pbkdf2, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalFileStore } from "./file-store.js";

let dir: string;
let store: LocalFileStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "desk-files-"));
  store = new LocalFileStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = () => readdirSync(join(dir, "tmp"));
const failing = (afterChunks: number) =>
  new Readable({
    read() {
      if (afterChunks-- > 0) this.push(Buffer.alloc(1024, 1));
      else this.destroy(new Error("refused mid-stream"));
    },
  });

describe("LocalFileStore.put", () => {
  it("keeps the whole file under its key and nothing in tmp", async () => {
    const key = randomUUID();
    await store.put(key, Readable.from([Buffer.from("surat "), Buffer.from("pengaduan")]));
    expect(readFileSync(join(dir, key.slice(0, 2), key), "utf8")).toBe("surat pengaduan");
    expect(leftovers()).toEqual([]);
  });

  it("leaves no partial file once a refused write has answered, however early the refusal came", async () => {
    for (const chunks of [0, 0, 0, 1, 3, 64]) {
      const key = randomUUID();
      await expect(store.put(key, failing(chunks))).rejects.toThrow("refused mid-stream");
      expect({ chunks, tmp: leftovers(), kept: readdirSync(join(dir, key.slice(0, 2))) }).toEqual({ chunks, tmp: [], kept: [] });
    }
  });

  it("leaves no partial file when the disk's worker threads are busy and the refusal beats the file's opening", async () => {
    const busy = Array.from({ length: 64 }, () => new Promise((r) => pbkdf2("x", "y", 20_000, 32, "sha256", r)));
    const refused = await Promise.allSettled(Array.from({ length: 200 }, () => store.put(randomUUID(), failing(0))));
    await Promise.all(busy);
    await new Promise((r) => setTimeout(r, 100));
    expect({ refused: refused.filter((r) => r.status === "rejected").length, tmp: leftovers().length }).toEqual({ refused: 200, tmp: 0 });
  });
});
