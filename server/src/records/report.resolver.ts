import { Arg, Ctx, GraphQLISODateTime, ID, Query, Resolver } from "type-graphql";
import type { RecordsContext } from "./records.context.js";
import { ComplianceReport, ReportDimension } from "./report.types.js";

@Resolver()
export class ReportResolver {
  @Query(() => ComplianceReport, {
    description:
      "Mutu Baku compliance from the stage visits done in [from, to). Admin Instansi and superuser: any OPD or all; Admin OPD and liaison: their own OPD only.",
  })
  complianceReport(
    @Arg("from", () => GraphQLISODateTime, { description: "Start of the period, inclusive (by when a visit was done)." }) from: Date,
    @Arg("to", () => GraphQLISODateTime, { description: "End of the period, exclusive." }) to: Date,
    @Arg("groupBy", () => [ReportDimension], { description: "Dimensions of the rows, in column order; empty for the totals alone." })
    groupBy: ReportDimension[],
    @Ctx() { viewer, services }: RecordsContext,
    @Arg("opdId", () => ID, { nullable: true, description: "One OPD's cases only; OPD roles get their own when omitted." }) opdId?: string,
  ): Promise<ComplianceReport> {
    return services.reports.compliance(viewer, { from, to, groupBy, opdId });
  }
}
