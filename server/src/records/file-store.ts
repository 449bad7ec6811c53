import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Where attachment bytes live. Keys are ids the app made, never names a user gave. */
export interface FileStore {
  /** Writes the whole stream or nothing: a failed or aborted write leaves no file under `key`. */
  put(key: string, content: Readable): Promise<void>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}$/;

/** Files under a directory (by default `DATA_DIR/attachments`), two hex characters of fan-out. */
export class LocalFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a file key: ${key}`);
    return join(this.dir, key.slice(0, 2), key);
  }

  /** Creates its directories synchronously so the stream has its consumer attached before it can fail. */
  async put(key: string, content: Readable): Promise<void> {
    const target = this.path(key);
    mkdirSync(join(this.dir, "tmp"), { recursive: true });
    mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
    const partial = join(this.dir, "tmp", `${key}.${randomUUID()}`);
    const out = createWriteStream(partial, { flags: "wx" });
    try {
      await pipeline(content, out);
      await rename(partial, target);
    } catch (e) {
      // pipeline rejects as soon as the source fails, possibly before the file is even opened.
      if (!out.closed) await new Promise<void>((closed) => out.once("close", () => closed()));
      await rm(partial, { force: true });
      throw e;
    }
  }

  open(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
