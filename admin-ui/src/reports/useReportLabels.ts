import { useI18n } from "vue-i18n";
import type { ComplianceRowViewFragment, ReportDimension } from "../graphql/generated/graphql";
import { useSopStore } from "../stores/sop";
import { monthPeriod } from "./period";

/** Words for a report row's dimensions: the SOP's step numbers and names, roles, OPD codes, WITA months. */
export function useReportLabels() {
  const { t, locale } = useI18n();
  const sop = useSopStore();

  function monthName(month: string): string {
    const { from } = monthPeriod(month);
    return new Intl.DateTimeFormat(locale.value === "en" ? "en-GB" : "id-ID", {
      month: "long",
      year: "numeric",
      timeZone: "Asia/Makassar",
    }).format(from);
  }

  function dimension(row: ComplianceRowViewFragment, d: ReportDimension): string {
    if (d === "STEP") {
      if (!row.step) return "—";
      const n = sop.sop?.steps.find((s) => s.stage === row.step)?.number;
      return `${n ? `${n}. ` : ""}${t(`stage.${row.step}`)}`;
    }
    if (d === "ROLE") return row.role ? t(`role.${row.role}`) : "—";
    if (d === "OPD") return row.opd?.code ?? t("reports.noOpd");
    return row.month ? monthName(row.month) : "—";
  }

  const rowLabel = (row: ComplianceRowViewFragment, groupBy: readonly ReportDimension[]): string =>
    groupBy.length ? groupBy.map((d) => dimension(row, d)).join(" · ") : t("reports.total");

  return { dimension, rowLabel, monthName };
}
