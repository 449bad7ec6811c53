import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { assertPlaceholders, fillTemplate, unknownPlaceholders } from "./answer-template.fill.js";

const CASE = {
  trackingNumber: "ADU-2026-000042",
  title: "Lampu jalan padam",
  opdName: "Dinas Kesehatan",
  // 23:30 UTC is already the next day in WITA (UTC+8).
  receivedAt: new Date("2026-11-30T23:30:00Z"),
  dueAt: new Date("2026-12-07T06:05:00Z"),
};

describe("answer template placeholders", () => {
  it("fills every placeholder, dates in WITA and in Indonesian", () => {
    const body = "{nomor} | {judul} | {opd} | {tanggal_terima} | {batas_waktu} | {nomor}";
    expect(fillTemplate(body, CASE)).toBe(
      "ADU-2026-000042 | Lampu jalan padam | Dinas Kesehatan | 1 Desember 2026 | 7 Desember 2026 pukul 14.05 WITA | ADU-2026-000042",
    );
  });

  it("writes a dash for an OPD or a deadline the case does not have", () => {
    expect(fillTemplate("{opd} / {batas_waktu}", { ...CASE, opdName: null, dueAt: null })).toBe("- / -");
  });

  it("names each unknown placeholder once, as written; text without braces has none", () => {
    expect(unknownPlaceholders("{nama} {Nomor} {nama} { nomor } {}")).toEqual(["nama", "Nomor", " nomor ", ""]);
    expect(unknownPlaceholders("Terima kasih, {nomor}.")).toEqual([]);
    expect(() => assertPlaceholders("body", "Salam {nomor}")).not.toThrow();
  });

  it("refuses unknown placeholders with VALIDATION on the field, listing them", () => {
    let error: unknown;
    try {
      assertPlaceholders("body", "Yth. {nama_pelapor}, nomor {nomor} pada {tangal_terima}");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("VALIDATION");
    expect((error as DomainError).details).toEqual({ field: "body", unknownPlaceholders: ["nama_pelapor", "tangal_terima"] });
  });
});
