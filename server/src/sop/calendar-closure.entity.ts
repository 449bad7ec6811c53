import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** What a local edit does to its day: closes it, renames a national day off, or makes a national day off a working day. */
export type DayEffect = "CLOSED" | "RENAMED" | "OPEN";

/**
 * The installation's own edit of one local day: a closure of its own (CLOSED), a new name for a
 * national day off (RENAMED), or a national day off worked after all (OPEN, the recorded override:
 * the shipped data itself is never deleted). One edit per date.
 */
@Entity({ name: "calendar_closure" })
export class CalendarClosure {
  /** Local date in WITA, YYYY-MM-DD. */
  @PrimaryColumn({ type: "text" })
  date: string;

  /** The closure's name, or the national day's new name; for OPEN, the national day's name when it was overridden. */
  @Column({ type: "text" })
  label: string;

  @Column({ type: "text", default: "CLOSED" })
  effect: DayEffect;

  @Column({ type: "text", default: "" })
  reason: string;

  @Column({ type: "uuid", name: "changed_by_user_id", nullable: true })
  changedByUserId: string | null;

  @Column({ type: "text", name: "changed_by", default: "system" })
  changedBy: string;

  @Column({ type: "timestamptz", name: "changed_at", nullable: true })
  changedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
