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
}
