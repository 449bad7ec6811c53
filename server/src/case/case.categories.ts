/** A complaint category the public chooses from (the portal's list), with its Indonesian wording. */
export interface CategoryDefinition {
  /** The value stored in `Case.category`. */
  code: string;
  label: string;
  description: string;
  keywords: readonly string[];
  group: string;
}

const SERVICE = "Pelayanan Publik";
const BUSINESS = "Usaha dan Industri";

/**
 * The categories of the portal (admin-ui PortalSubmitPage); staff may still record any other text.
 * Open311 publishes these as its services.
 */
export const CATEGORIES: readonly CategoryDefinition[] = [
  {
    code: "Umum",
    label: "Pengaduan Umum",
    description: "Pengaduan yang tidak termasuk kategori lain",
    keywords: ["umum", "lainnya"],
    group: SERVICE,
  },
  {
    code: "UMKM",
    label: "Usaha Mikro, Kecil dan Menengah",
    description: "Bantuan modal, perizinan, pelatihan dan pendampingan usaha mikro, kecil dan menengah",
    keywords: ["umkm", "usaha kecil", "bantuan modal", "pelatihan"],
    group: BUSINESS,
  },
  {
    code: "Koperasi",
    label: "Koperasi",
    description: "Pembinaan, perizinan dan pengawasan koperasi serta usaha simpan pinjam",
    keywords: ["koperasi", "simpan pinjam", "rapat anggota"],
    group: BUSINESS,
  },
  {
    code: "Perindustrian",
    label: "Perindustrian",
    description: "Industri kecil dan menengah, sentra industri, serta fasilitasi dan izin industri",
    keywords: ["industri", "ikm", "sentra industri"],
    group: BUSINESS,
  },
  {
    code: "Pelayanan",
    label: "Kualitas Pelayanan",
    description: "Sikap petugas, prosedur, waktu dan mutu pelayanan di kantor dinas",
    keywords: ["pelayanan", "petugas", "antrean", "prosedur"],
    group: SERVICE,
  },
  {
    code: "Pungutan",
    label: "Pungutan dan Biaya",
    description: "Pungutan atau biaya di luar ketentuan dalam pelayanan",
    keywords: ["pungutan", "pungli", "biaya", "tarif"],
    group: SERVICE,
  },
];

export const categoryOf = (code: string): CategoryDefinition | undefined => CATEGORIES.find((c) => c.code === code);
