import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One administrative change (an account, an OPD, the SOP, the calendar, a token): append-only. */
@Entity({ name: "admin_change" })
export class AdminChange {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ type: "timestamptz" })
  at: Date;

  @Column({ type: "uuid", name: "actor_user_id", nullable: true })
  actorUserId: string | null;

  @Column({ type: "text", name: "actor_name" })
  actorName: string;

  @Column({ type: "text" })
  action: string;

  @Column({ type: "text", name: "subject_type" })
  subjectType: string;

  @Column({ type: "text", name: "subject_id" })
  subjectId: string;

  @Column({ type: "text" })
  summary: string;

  @Column({ type: "jsonb", nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: "jsonb", nullable: true })
  after: Record<string, unknown> | null;
}
