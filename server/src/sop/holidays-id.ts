/** What an official day off is: a national holiday (libur nasional) or collective leave (cuti bersama). */
export type OfficialDayKind = "HOLIDAY" | "CUTI_BERSAMA";

/** One day off decreed by the government's joint decree (SKB) of the Minister of Religious Affairs, the Minister of Manpower and the MenPANRB. */
export interface OfficialDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** The decree's name of the day, in Indonesian. */
  name: string;
  kind: OfficialDayKind;
  /** The decree the day comes from. */
  decree: string;
}

const SKB = "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB";

/** The decrees shipped, by the year they set. */
export const DECREES = {
  2025: `${SKB} No. 1017 Tahun 2024, No. 2 Tahun 2024, No. 2 Tahun 2024`,
  "2025-revision": `${SKB} No. 933 Tahun 2025, No. 1 Tahun 2025, No. 3 Tahun 2025 (perubahan: cuti bersama 18 Agustus 2025)`,
  2026: `${SKB} No. 1497 Tahun 2025, No. 2 Tahun 2025, No. 5 Tahun 2025`,
} as const;

const days = (decree: string, kind: OfficialDayKind, list: [string, string][]): OfficialDay[] =>
  list.map(([date, name]) => ({ date, name, kind, decree }));

/** The official national holidays and collective leave days of the years in OFFICIAL_YEARS, oldest first. */
export const OFFICIAL_DAYS: readonly OfficialDay[] = [
  ...days(DECREES[2025], "HOLIDAY", [
    ["2025-01-01", "Tahun Baru 2025 Masehi"],
    ["2025-01-27", "Isra Mikraj Nabi Muhammad SAW"],
    ["2025-01-29", "Tahun Baru Imlek 2576 Kongzili"],
    ["2025-03-29", "Hari Suci Nyepi (Tahun Baru Saka 1947)"],
    ["2025-03-31", "Idul Fitri 1446 Hijriah"],
    ["2025-04-01", "Idul Fitri 1446 Hijriah"],
    ["2025-04-18", "Wafat Yesus Kristus"],
    ["2025-04-20", "Kebangkitan Yesus Kristus (Paskah)"],
    ["2025-05-01", "Hari Buruh Internasional"],
    ["2025-05-12", "Hari Raya Waisak 2569 BE"],
    ["2025-05-29", "Kenaikan Yesus Kristus"],
    ["2025-06-01", "Hari Lahir Pancasila"],
    ["2025-06-06", "Idul Adha 1446 Hijriah"],
    ["2025-06-27", "1 Muharam Tahun Baru Islam 1447 Hijriah"],
    ["2025-08-17", "Proklamasi Kemerdekaan"],
    ["2025-09-05", "Maulid Nabi Muhammad SAW"],
    ["2025-12-25", "Kelahiran Yesus Kristus"],
  ]),
  ...days(DECREES[2025], "CUTI_BERSAMA", [
    ["2025-01-28", "Cuti bersama Tahun Baru Imlek 2576 Kongzili"],
    ["2025-03-28", "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1947)"],
    ["2025-04-02", "Cuti bersama Idul Fitri 1446 Hijriah"],
    ["2025-04-03", "Cuti bersama Idul Fitri 1446 Hijriah"],
    ["2025-04-04", "Cuti bersama Idul Fitri 1446 Hijriah"],
    ["2025-04-07", "Cuti bersama Idul Fitri 1446 Hijriah"],
    ["2025-05-13", "Cuti bersama Hari Raya Waisak 2569 BE"],
    ["2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"],
    ["2025-06-09", "Cuti bersama Idul Adha 1446 Hijriah"],
    ["2025-12-26", "Cuti bersama Kelahiran Yesus Kristus"],
  ]),
  ...days(DECREES["2025-revision"], "CUTI_BERSAMA", [["2025-08-18", "Cuti bersama Proklamasi Kemerdekaan (HUT ke-80 RI)"]]),
  ...days(DECREES[2026], "HOLIDAY", [
    ["2026-01-01", "Tahun Baru 2026 Masehi"],
    ["2026-01-16", "Isra Mikraj Nabi Muhammad SAW"],
    ["2026-02-17", "Tahun Baru Imlek 2577 Kongzili"],
    ["2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)"],
    ["2026-03-21", "Idul Fitri 1447 Hijriah"],
    ["2026-03-22", "Idul Fitri 1447 Hijriah"],
    ["2026-04-03", "Wafat Yesus Kristus"],
    ["2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"],
    ["2026-05-01", "Hari Buruh Internasional"],
    ["2026-05-14", "Kenaikan Yesus Kristus"],
    ["2026-05-27", "Idul Adha 1447 Hijriah"],
    ["2026-05-31", "Hari Raya Waisak 2570 BE"],
    ["2026-06-01", "Hari Lahir Pancasila"],
    ["2026-06-16", "1 Muharam Tahun Baru Islam 1448 Hijriah"],
    ["2026-08-17", "Proklamasi Kemerdekaan"],
    ["2026-08-25", "Maulid Nabi Muhammad SAW"],
    ["2026-12-25", "Kelahiran Yesus Kristus"],
  ]),
  ...days(DECREES[2026], "CUTI_BERSAMA", [
    ["2026-02-16", "Cuti bersama Tahun Baru Imlek 2577 Kongzili"],
    ["2026-03-18", "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"],
    ["2026-03-20", "Cuti bersama Idul Fitri 1447 Hijriah"],
    ["2026-03-23", "Cuti bersama Idul Fitri 1447 Hijriah"],
    ["2026-03-24", "Cuti bersama Idul Fitri 1447 Hijriah"],
    ["2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"],
    ["2026-05-28", "Cuti bersama Idul Adha 1447 Hijriah"],
    ["2026-12-24", "Cuti bersama Kelahiran Yesus Kristus"],
  ]),
].sort((a, b) => a.date.localeCompare(b.date));

/** The years whose days off come from a decree; every other year falls back to the date-holidays library. */
export const OFFICIAL_YEARS: readonly number[] = [2025, 2026];
