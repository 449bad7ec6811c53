import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import { Attachment } from "./attachment.entity.js";

/** Per-request batch loaders for a case's files; no cache, like the case loaders. */
export interface AttachmentLoaders {
  attachments: DataLoader<string, Attachment[]>;
  /** Only the files the complainant may see. */
  publicAttachments: DataLoader<string, Attachment[]>;
}

export function attachmentLoaders(ds: DataSource): AttachmentLoaders {
  const of = (onlyPublic: boolean) =>
    new DataLoader<string, Attachment[]>(
      async (ids) => {
        const where = onlyPublic ? { caseId: In([...ids]), public: true } : { caseId: In([...ids]) };
        const rows = await ds.getRepository(Attachment).find({ where, order: { uploadedAt: "ASC", id: "ASC" } });
        return ids.map((id) => rows.filter((r) => r.caseId === id));
      },
      { cache: false },
    );
  return { attachments: of(false), publicAttachments: of(true) };
}
