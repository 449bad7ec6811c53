import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { requireRole, requireStaffOrDisplay } from "../auth/viewer.js";
import {
  CalendarDay,
  CalendarDayOff,
  CalendarType,
  DayOffChangeInput,
  DayOffInput,
  OfficeHoursInput,
  OfficeHoursPeriod,
  OfficeHoursPeriodInput,
} from "../sop/calendar.types.js";
import { Role } from "../sop/sop.definition.js";
import type { TrailActor } from "../trail/admin-trail.js";
import { intInRange } from "../validate.js";
import type { SlaContext } from "./sla.context.js";

const CALENDAR_EDITORS = [Role.ADMIN_INSTANSI, Role.SUPERUSER];

const editor = ({ viewer }: SlaContext): TrailActor => {
  const v = requireRole(viewer, ...CALENDAR_EDITORS);
  return { userId: v.userId, username: v.username };
};

@Resolver()
export class CalendarResolver {
  @Query(() => CalendarType, {
    description: "The working-time calendar of the SOP in force, with a year's days off and their sources. Also for display tokens.",
  })
  calendar(
    @Ctx() context: SlaContext,
    @Arg("year", () => Int, { nullable: true, description: "The year whose days off to list, 2000 to 2100; defaults to this year (WITA)." })
    year?: number,
  ): CalendarType {
    requireStaffOrDisplay(context);
    const { services } = context;
    const y =
      year == null ? new Date(services.clock.now().getTime() + 8 * 3_600_000).getUTCFullYear() : intInRange("year", year, 2000, 2100);
    return services.calendars.year(y);
  }

  @Mutation(() => CalendarDayOff, {
    description:
      "Admin Instansi or superuser: add a local day off on a date that is not one already (CONFLICT otherwise). Running deadlines do not move.",
  })
  addDayOff(
    @Arg("input", () => DayOffInput, { description: "The date, its name and why." }) input: DayOffInput,
    @Ctx() context: SlaContext,
  ): Promise<CalendarDayOff> {
    return context.services.calendars.addDayOff(editor(context), input);
  }

  @Mutation(() => CalendarDayOff, {
    description: "Admin Instansi or superuser: rename a day off, local or national (the decree's name is kept beside it).",
  })
  renameDayOff(
    @Arg("input", () => DayOffInput, { description: "The date, its new name and why." }) input: DayOffInput,
    @Ctx() context: SlaContext,
  ): Promise<CalendarDayOff> {
    return context.services.calendars.renameDayOff(editor(context), input);
  }

  @Mutation(() => CalendarDayOff, {
    nullable: true,
    description:
      "Admin Instansi or superuser: remove a day off. A local closure is deleted (null); a national one becomes a working day by a recorded override (answered). Running deadlines do not move.",
  })
  removeDayOff(
    @Arg("input", () => DayOffChangeInput, { description: "The date and why." }) input: DayOffChangeInput,
    @Ctx() context: SlaContext,
  ): Promise<CalendarDayOff | null> {
    return context.services.calendars.removeDayOff(editor(context), input);
  }

  @Mutation(() => CalendarDayOff, { description: "Admin Instansi or superuser: undo the rename or override of a national day off." })
  restoreDayOff(
    @Arg("input", () => DayOffChangeInput, { description: "The date and why." }) input: DayOffChangeInput,
    @Ctx() context: SlaContext,
  ): Promise<CalendarDayOff> {
    return context.services.calendars.restoreDayOff(editor(context), input);
  }

  @Mutation(() => [CalendarDay], {
    description: "Admin Instansi or superuser: set the standing office hours per weekday. Steps that start from now on count on them.",
  })
  setOfficeHours(
    @Arg("input", () => OfficeHoursInput, { description: "Each weekday's hours and why." }) input: OfficeHoursInput,
    @Ctx() context: SlaContext,
  ): Promise<CalendarDay[]> {
    return context.services.calendars.setOfficeHours(editor(context), input);
  }

  @Mutation(() => OfficeHoursPeriod, {
    description: "Admin Instansi or superuser: office hours for a span of dates (e.g. Ramadan); CONFLICT when it overlaps another period.",
  })
  addOfficeHoursPeriod(
    @Arg("input", () => OfficeHoursPeriodInput, { description: "The period, its hours and why." }) input: OfficeHoursPeriodInput,
    @Ctx() context: SlaContext,
  ): Promise<OfficeHoursPeriod> {
    return context.services.calendars.addOfficeHoursPeriod(editor(context), input);
  }

  @Mutation(() => Boolean, {
    description: "Admin Instansi or superuser: remove a period of office hours; its dates count on the standing hours again.",
  })
  removeOfficeHoursPeriod(
    @Arg("id", () => ID, { description: "The period's id." }) id: string,
    @Arg("reason", () => String, { description: "Why (kept in the administration trail)." }) reason: string,
    @Ctx() context: SlaContext,
  ): Promise<boolean> {
    return context.services.calendars.removeOfficeHoursPeriod(editor(context), id, reason);
  }
}
