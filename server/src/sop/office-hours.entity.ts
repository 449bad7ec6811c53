import { Column, Entity, PrimaryColumn } from "typeorm";
import type { WeeklySchedule } from "./calendar.js";

/** The id of the standing weekly hours' row; every other row is a period. */
export const STANDING_HOURS_ID = "standing";

/**
 * Office hours the installation set: the standing weekly hours (id STANDING_HOURS_ID, no dates;
 * without it the SOP's own hours hold), or a period's hours from one local date to another
 * (e.g. Ramadan). Periods never overlap.
 */
@Entity({ name: "office_hours" })
export class OfficeHours {
  @PrimaryColumn({ type: "text" })
  id: string;

  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", name: "starts_on", nullable: true })
  startsOn: string | null;

  @Column({ type: "text", name: "ends_on", nullable: true })
  endsOn: string | null;

  @Column({ type: "jsonb" })
  weekly: WeeklySchedule;

  @Column({ type: "text" })
  reason: string;

  @Column({ type: "uuid", name: "changed_by_user_id", nullable: true })
  changedByUserId: string | null;

  @Column({ type: "text", name: "changed_by" })
  changedBy: string;

  @Column({ type: "timestamptz", name: "changed_at" })
  changedAt: Date;
}
