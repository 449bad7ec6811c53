const ZONE = "Asia/Makassar";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: ZONE });
    formatters.set(key, f);
  }
  return f;
}

function localeTag(locale: string): string {
  return locale === "en" ? "en-GB" : "id-ID";
}

/** "Sen, 23 Nov 2026 09.00 WITA": every time on screen is WITA and says so. */
export function formatDateTime(value: string | number | Date, locale: string): string {
  const d = new Date(value);
  const text = formatter(localeTag(locale), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(d);
  return `${text} WITA`;
}

/** "Sen 08.00 WITA": short form for a resume time within the week. */
export function formatWeekdayTime(value: string | number | Date, locale: string): string {
  const d = new Date(value);
  const text = formatter(localeTag(locale), { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
  return `${text} WITA`;
}

export function formatClock(value: number, locale: string): string {
  return `${formatter(localeTag(locale), { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(value))} WITA`;
}
