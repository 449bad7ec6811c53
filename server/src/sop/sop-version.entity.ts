import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";
import type { SopDefinition } from "./sop.definition.js";

/** A stored, immutable version of the SOP; cases are bound to the version in force at submission. */
@Entity({ name: "sop_version" })
export class SopVersion {
  @PrimaryColumn({ type: "int" })
  version: number;

  @Column({ type: "jsonb" })
  definition: SopDefinition;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  /** From this instant new cases get this version; version 1, seeded from code, since the epoch (always). */
  @Column({ type: "timestamptz", name: "effective_at" })
  effectiveAt: Date;

  /** The username that published it; null for version 1, seeded from code. */
  @Column({ type: "text", name: "published_by", nullable: true })
  publishedBy: string | null;
}
