import { createHash, randomUUID } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import { canSeeCase, requireStaff, type Actor, type StaffViewer } from "../auth/viewer.js";
import type { Clock } from "../clock.js";
import type { Case } from "../case/case.entity.js";
import type { CaseRepository } from "../case/case.repository.js";
import { DomainError, ErrorCode, forbidden, invalid, notFound } from "../errors.js";
import { Role, Stage } from "../sop/sop.definition.js";
import { uuid } from "../validate.js";
import { Attachment } from "./attachment.entity.js";
import type { FileStore } from "./file-store.js";
import { ALLOWED_TYPES, sniff, SNIFF_BYTES, type Sniffed } from "./sniff.js";

/** How many files a complainant may add to one complaint. */
export const COMPLAINANT_FILES = 10;

export interface UploadFields {
  public?: string;
  stage?: string;
}

export interface Download {
  attachment: Attachment;
  content: Readable;
}

const tooLarge = (maxBytes: number) =>
  new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `file: larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, { maxBytes });

/** Counts, hashes and sniffs the bytes on their way to the store; refuses as soon as they are wrong. */
class Inspector extends Transform {
  private readonly hash = createHash("sha256");
  private head: Buffer | null = Buffer.alloc(0);
  size = 0;
  sniffed: Sniffed | null = null;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get sha256(): string {
    return this.hash.digest("hex");
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    if (!this.head) return done(null, chunk);
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < SNIFF_BYTES) return done();
    this.release(done);
  }

  _flush(done: TransformCallback): void {
    if (this.size === 0) return done(invalid("file", "is empty"));
    if (this.head) return this.release(done);
    done();
  }

  private release(done: TransformCallback): void {
    const head = this.head!;
    this.head = null;
    this.sniffed = sniff(head);
    if (!this.sniffed.allowed) {
      return done(
        new DomainError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          `file: the content is ${this.sniffed.label}; allowed are ${ALLOWED_TYPES.join(", ")}`,
          { detected: this.sniffed.mediaType },
        ),
      );
    }
    done(null, head);
  }
}

/** Re-hashes on the way out and holds the last chunk back: a file that no longer matches its checksum is cut short, never served whole. */
class Verifier extends Transform {
  private readonly hash = createHash("sha256");
  private held: Buffer | null = null;

  constructor(private readonly expected: string) {
    super();
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    const previous = this.held;
    this.held = chunk;
    done(null, previous ?? undefined);
  }

  _flush(done: TransformCallback): void {
    const actual = this.hash.digest("hex");
    if (actual !== this.expected) return done(new Error(`stored file does not match its SHA-256 (${actual} ≠ ${this.expected})`));
    done(null, this.held ?? undefined);
  }
}

/** A name to show and to offer on download; refused when it tries to be a path. */
export function fileName(value: string): string {
  const name = value.normalize("NFC").trim();
  if (!name) throw invalid("fileName", "is required");
  if (name.length > 200) throw invalid("fileName", "is longer than 200 characters");
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name === "." || name.includes("..")) {
    throw invalid("fileName", "must be a plain file name, not a path");
  }
  return name;
}

function flag(value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw invalid("public", 'must be "true" or "false"');
}

function stageOf(value: string | undefined): Stage | null {
  if (!value) return null;
  if (!(Object.values(Stage) as string[]).includes(value) || value === Stage.CLOSED) throw invalid("stage", `is not a step: ${value}`);
  return value as Stage;
}

/** Files kept with cases: checked on the way in, verified on the way out, shown to whoever may see the case. */
export class AttachmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly store: FileStore,
    private readonly clock: Clock,
    readonly maxBytes: number,
  ) {}

  /** The case a staff member may attach to; asked before a byte of the body is read. */
  async caseForStaff(viewer: StaffViewer | null, caseId: string): Promise<Case> {
    const staff = requireStaff(viewer);
    const c = await this.cases.byId(uuid("caseId", caseId));
    if (!c) throw notFound("Case");
    if (!canSeeCase(staff, c)) throw forbidden("This case belongs to another OPD");
    return c;
  }

  /** The complainant's own case, while it is open and below their file allowance. */
  async checkComplainantMayAdd(c: Case): Promise<void> {
    if (c.stage === Stage.CLOSED) throw new DomainError(ErrorCode.INVALID_TRANSITION, "The case is closed");
    const theirs = await this.ds
      .getRepository(Attachment)
      .countBy({ caseId: c.id, uploadedById: IsNull(), uploadedByRole: Role.COMPLAINANT });
    if (theirs >= COMPLAINANT_FILES) throw invalid("file", `at most ${COMPLAINANT_FILES} files per complaint`);
  }

  /** Streams one file into the store and records it; on any refusal nothing is kept. */
  async upload(actor: Actor, c: Case, name: string, content: Readable, fields: Promise<UploadFields>): Promise<Attachment> {
    const id = randomUUID();
    const inspector = new Inspector(this.maxBytes);
    content.on("error", (e) => inspector.destroy(e));
    try {
      await this.store.put(id, content.pipe(inspector));
      const given = await fields;
      const row = this.ds.getRepository(Attachment).create({
        id,
        caseId: c.id,
        stage: actor.userId ? stageOf(given.stage) : null,
        round: c.round,
        fileName: name,
        mediaType: inspector.sniffed!.mediaType,
        sizeBytes: inspector.size,
        sha256: inspector.sha256,
        public: actor.userId ? flag(given.public) : true,
        uploadedById: actor.userId,
        uploadedBy: actor.userId ? actor.name : null,
        uploadedByRole: actor.role,
        uploadedAt: this.clock.now(),
      });
      return await this.ds.getRepository(Attachment).save(row);
    } catch (e) {
      await this.store.remove(id);
      throw e;
    }
  }

  /** Takes back a file whose form turned out to be wrong after it was stored. */
  async discard(attachment: Attachment): Promise<void> {
    await this.ds.getRepository(Attachment).delete({ id: attachment.id });
    await this.store.remove(attachment.id);
  }

  async download(viewer: StaffViewer | null, id: string): Promise<Download> {
    const staff = requireStaff(viewer);
    const attachment = await this.find(id);
    const c = await this.caseOf(attachment);
    if (!canSeeCase(staff, c)) throw forbidden("This case belongs to another OPD");
    return this.serve(attachment);
  }

  /** The complainant's download: only public files of their own case; anything else is not found. */
  async downloadPublic(c: Case, id: string): Promise<Download> {
    const attachment = await this.find(id);
    if (attachment.caseId !== c.id || !attachment.public) throw notFound("Attachment");
    return this.serve(attachment);
  }

  async setPublic(viewer: StaffViewer | null, id: string, value: boolean): Promise<Attachment> {
    const staff = requireStaff(viewer);
    return this.ds.transaction(async (m) => {
      const attachment = await m.getRepository(Attachment).findOne({ where: { id: uuid("id", id) }, lock: { mode: "pessimistic_write" } });
      if (!attachment) throw notFound("Attachment");
      const c = await this.caseOf(attachment, m);
      if (!canSeeCase(staff, c)) throw forbidden("This case belongs to another OPD");
      attachment.public = value;
      return m.getRepository(Attachment).save(attachment);
    });
  }

  private async caseOf(attachment: Attachment, m?: EntityManager): Promise<Case> {
    const c = await this.cases.byId(attachment.caseId, m);
    if (!c) throw notFound("Case");
    return c;
  }

  private async find(id: string): Promise<Attachment> {
    const attachment = await this.ds.getRepository(Attachment).findOneBy({ id: uuid("id", id) });
    if (!attachment) throw notFound("Attachment");
    return attachment;
  }

  private serve(attachment: Attachment): Download {
    const source = this.store.open(attachment.id);
    const verifier = new Verifier(attachment.sha256);
    source.on("error", (e) => verifier.destroy(e));
    return { attachment, content: source.pipe(verifier) };
  }
}
