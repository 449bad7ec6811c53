import { useI18n } from "vue-i18n";
import { formatDateTime } from "../sla/time";
import { useSopStore } from "../stores/sop";

export interface EventLine {
  label: string;
  value: string;
}

/** An event's inputs as labelled lines: known inputs only, empty ones left out. */
export function useEventLines() {
  const { t, te, locale } = useI18n();
  const sop = useSopStore();
  return (inputs: Record<string, unknown>): EventLine[] => {
    const lines: EventLine[] = [];
    for (const [key, raw] of Object.entries(inputs)) {
      if (raw === null || raw === undefined || raw === "") continue;
      const value = String(raw);
      if (key === "opdId") lines.push({ label: t("input.opdId"), value: sop.opdName(value) || value });
      else if (key === "channel") lines.push({ label: t("detail.channel"), value: te(`channel.${value}`) ? t(`channel.${value}`) : value });
      else if (key === "receivedAt") lines.push({ label: t("detail.received"), value: formatDateTime(value, locale.value) });
      else if (te(`input.${key}`)) lines.push({ label: t(`input.${key}`), value });
    }
    return lines;
  };
}
