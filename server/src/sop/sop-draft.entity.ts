import { Column, Entity, PrimaryColumn } from "typeorm";
import type { SopDefinition } from "./sop.definition.js";

/** The one SOP revision being prepared: a copy of a version, edited, then published as the next version. */
@Entity({ name: "sop_draft" })
export class SopDraft {
  @PrimaryColumn({ type: "boolean" })
  singleton: boolean;

  /** The version it was opened from; publishing needs this still to be the newest version. */
  @Column({ type: "int", name: "base_version" })
  baseVersion: number;

  @Column({ type: "jsonb" })
  definition: SopDefinition;

  /** 1 when opened, one more per edit; an edit or publish names the revision it read. */
  @Column({ type: "int" })
  revision: number;

  @Column({ type: "text", name: "opened_by" })
  openedBy: string;

  @Column({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;

  @Column({ type: "text", name: "updated_by" })
  updatedBy: string;
}
