import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

/** What a day off is. */
export enum DayOffKind {
  HOLIDAY = "HOLIDAY",
  CUTI_BERSAMA = "CUTI_BERSAMA",
  LOCAL_CLOSURE = "LOCAL_CLOSURE",
}

/** Where a day off comes from. */
export enum DayOffSource {
  DECREE = "DECREE",
  LIBRARY = "LIBRARY",
  LOCAL = "LOCAL",
}

/** What the installation's edit of a national day off did. */
export enum DayOverride {
  RENAMED = "RENAMED",
  OPEN = "OPEN",
}

registerEnumType(DayOffKind, {
  name: "DayOffKind",
  description: "What a day off is.",
  valuesConfig: {
    HOLIDAY: { description: "A national holiday (libur nasional)." },
    CUTI_BERSAMA: { description: "Collective leave (cuti bersama)." },
    LOCAL_CLOSURE: { description: "A closure the Admin Instansi added." },
  },
});
registerEnumType(DayOffSource, {
  name: "DayOffSource",
  description: "Where a day off comes from.",
  valuesConfig: {
    DECREE: { description: "The government's joint decree (SKB) shipped for the year; `decree` names it." },
    LIBRARY: { description: "The date-holidays library, for a year without a shipped decree." },
    LOCAL: { description: "Added by the Admin Instansi." },
  },
});
registerEnumType(DayOverride, {
  name: "DayOverride",
  description: "The installation's edit of a national day off (the shipped data itself is never deleted).",
  valuesConfig: {
    RENAMED: { description: "Still a day off, under another name." },
    OPEN: { description: "A working day after all." },
  },
});

@ObjectType({ description: "Office hours of one weekday, in WITA." })
export class CalendarDay {
  @Field(() => Int, { description: "1 = Monday … 7 = Sunday." })
  weekday: number;

  @Field(() => [String], { description: 'Open periods as "HH:MM-HH:MM"; empty when closed.' })
  hours: string[];
}

@ObjectType({ description: "Who made a calendar edit, when and why." })
export class CalendarChange {
  @Field(() => String, { description: "Why, as the editor wrote it." })
  reason: string;

  @Field(() => String, { description: "The editor's username." })
  changedBy: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When; null for an edit older than the record of it." })
  changedAt: Date | null;
}

@ObjectType({ description: "A day off of the calendar, or a national one the installation works after all." })
export class CalendarDayOff {
  @Field(() => String, { description: "Local date in WITA, YYYY-MM-DD." })
  date: string;

  @Field(() => String, { description: "The day's name as it holds here (the local name when renamed)." })
  name: string;

  @Field(() => DayOffKind, { description: "National holiday, cuti bersama or local closure." })
  kind: DayOffKind;

  @Field(() => DayOffSource, { description: "Decree, library or local." })
  source: DayOffSource;

  @Field(() => String, { nullable: true, description: "The decree the day comes from, for DECREE." })
  decree: string | null;

  @Field(() => String, { nullable: true, description: "The decree's or library's own name, for a national day." })
  nationalName: string | null;

  @Field(() => Boolean, { description: "Whether the office is closed that day (false once overridden OPEN)." })
  off: boolean;

  @Field(() => DayOverride, { nullable: true, description: "The installation's edit of a national day, if any." })
  override: DayOverride | null;

  @Field(() => CalendarChange, {
    nullable: true,
    description: "Who added, renamed or overrode the day, and why; null for an unedited national day.",
  })
  change: CalendarChange | null;
}

@ObjectType({ description: "Office hours for a span of dates (e.g. Ramadan), in place of the standing weekly hours." })
export class OfficeHoursPeriod {
  @Field(() => ID, { description: "The period's id." })
  id: string;

  @Field(() => String, { description: 'What the period is, e.g. "Ramadan 1448 H".' })
  name: string;

  @Field(() => String, { description: "First local date, YYYY-MM-DD." })
  startsOn: string;

  @Field(() => String, { description: "Last local date, YYYY-MM-DD (inclusive)." })
  endsOn: string;

  @Field(() => [CalendarDay], { description: "Office hours for each weekday within the period, Monday to Sunday." })
  weekly: CalendarDay[];

  @Field(() => CalendarChange, { description: "Who set the period, when and why." })
  change: CalendarChange;
}

@ObjectType({ description: "The working-time calendar the SOP's time standards count on." })
export class CalendarType {
  @Field(() => String, { description: "IANA time zone the hours are in, e.g. Asia/Makassar (WITA)." })
  timeZone: string;

  @Field(() => Int, { description: "The year `days` and `holidays` list." })
  year: number;

  @Field(() => [CalendarDay], { description: "The standing office hours for each weekday, Monday to Sunday." })
  weekly: CalendarDay[];

  @Field(() => CalendarChange, { nullable: true, description: "Who set the standing hours; null while they are the SOP's own." })
  weeklyChange: CalendarChange | null;

  @Field(() => [OfficeHoursPeriod], { description: "Periods with their own office hours, oldest first." })
  periods: OfficeHoursPeriod[];

  @Field(() => Boolean, { description: "Indonesian national holidays are days off." })
  nationalHolidays: boolean;

  @Field(() => DayOffSource, { description: "Where the year's national days come from: DECREE or LIBRARY." })
  nationalSource: DayOffSource;

  @Field(() => [String], { description: "The decrees the year's national days come from; empty for LIBRARY." })
  decrees: string[];

  @Field(() => [String], {
    description: "The national days off of the year that hold (YYYY-MM-DD): holidays and cuti bersama, less those worked after all.",
  })
  holidays: string[];

  @Field(() => [CalendarDayOff], { description: "The year's days off, national and local, with national ones overridden OPEN, by date." })
  days: CalendarDayOff[];
}

@InputType({ description: "Office hours of one weekday." })
export class WeekdayHoursInput {
  @Field(() => Int, { description: "1 = Monday … 7 = Sunday." })
  weekday: number;

  @Field(() => [String], { description: 'Open periods as "HH:MM-HH:MM" in WITA, not overlapping; empty when closed.' })
  hours: string[];
}

@InputType({ description: "A day off to add, or a day off's new name." })
export class DayOffInput {
  @Field(() => String, { description: "Local date in WITA, YYYY-MM-DD." })
  date: string;

  @Field(() => String, { description: 'The day\'s name, e.g. "Cuti bersama HUT Kota Samarinda".' })
  name: string;

  @Field(() => String, { description: "Why (kept in the administration trail)." })
  reason: string;
}

@InputType({ description: "A day off to remove or restore." })
export class DayOffChangeInput {
  @Field(() => String, { description: "Local date in WITA, YYYY-MM-DD." })
  date: string;

  @Field(() => String, { description: "Why (kept in the administration trail)." })
  reason: string;
}

@InputType({ description: "The standing office hours." })
export class OfficeHoursInput {
  @Field(() => [WeekdayHoursInput], { description: "Each weekday 1 to 7 exactly once." })
  weekly: WeekdayHoursInput[];

  @Field(() => String, { description: "Why (kept in the administration trail)." })
  reason: string;
}

@InputType({ description: "A period with its own office hours." })
export class OfficeHoursPeriodInput {
  @Field(() => String, { description: 'What the period is, e.g. "Ramadan 1448 H".' })
  name: string;

  @Field(() => String, { description: "First local date, YYYY-MM-DD." })
  startsOn: string;

  @Field(() => String, { description: "Last local date, YYYY-MM-DD (inclusive); at most a year after the first." })
  endsOn: string;

  @Field(() => [WeekdayHoursInput], { description: "Each weekday 1 to 7 exactly once." })
  weekly: WeekdayHoursInput[];

  @Field(() => String, { description: "Why (kept in the administration trail)." })
  reason: string;
}
