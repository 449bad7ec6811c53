import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** A day the office is closed besides weekends and national holidays: cuti bersama or a local closure. */
@ObjectType({ description: "A day off besides weekends and national holidays: collective leave (cuti bersama) or a local closure." })
@Entity({ name: "calendar_closure" })
export class CalendarClosure {
  @Field(() => String, { description: "Local date in WITA, YYYY-MM-DD." })
  @PrimaryColumn({ type: "text" })
  date: string;

  @Field(() => String, { description: 'What the day off is, e.g. "Cuti bersama Idul Fitri".' })
  @Column({ type: "text" })
  label: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
