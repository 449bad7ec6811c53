import { Field, Float, Int, ObjectType } from "type-graphql";
import { Opd } from "../auth/opd.entity.js";
import { Role, Stage } from "../sop/sop.definition.js";

/** What a compliance report groups its rows by. */
export enum ReportDimension {
  STEP = "STEP",
  ROLE = "ROLE",
  OPD = "OPD",
  MONTH = "MONTH",
}

/** One group of finished stage visits against the SOP's time standard (Mutu Baku). */
@ObjectType({ description: "Finished stage visits of one group against the SOP's time standard (Mutu Baku)." })
export class ComplianceRow {
  @Field(() => Stage, { nullable: true, description: "The step; set when grouped by STEP." })
  step: Stage | null;

  @Field(() => Role, { nullable: true, description: "The SOP's acting role of the step; set when grouped by ROLE." })
  role: Role | null;

  @Field(() => Opd, { nullable: true, description: "The case's OPD; set when grouped by OPD, null for cases never forwarded." })
  opd: Opd | null;

  @Field(() => String, { nullable: true, description: "The month the visits were done, YYYY-MM in WITA; set when grouped by MONTH." })
  month: string | null;

  @Field(() => Int, { description: "Visits done within the period." })
  handled: number;

  @Field(() => Int, { description: "Of those, done by their due time." })
  metCount: number;

  @Field(() => Float, { nullable: true, description: "metCount / handled, 0 to 1; null when nothing was handled." })
  onTimeShare: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Median working hours from entering the step to finishing it; visits done before this was recorded are left out.",
  })
  medianWorkingHours: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile of the working hours taken, like the median." })
  p90WorkingHours: number | null;

  @Field(() => Int, { description: "Visits the sweeper recorded as breached." })
  breaches: number;

  @Field(() => Int, { description: "Visits ended by the system's auto-close." })
  autoCloses: number;

  @Field(() => Float, { nullable: true, description: "Average rating of the cases the complainant closed by accepting; null when none." })
  avgRating: number | null;
}

@ObjectType({ description: "Compliance with the SOP's time standards over a period, computed from the stage visits done in it." })
export class ComplianceReport {
  @Field(() => [ReportDimension], { description: "The dimensions the rows are grouped by." })
  groupBy: ReportDimension[];

  @Field(() => [ComplianceRow], { description: "One row per combination of the dimensions that occurs." })
  rows: ComplianceRow[];

  @Field(() => ComplianceRow, { description: "All visits of the period together; every dimension null." })
  totals: ComplianceRow;
}
