import { DEFAULT_CALENDAR, type CalendarSpec } from "./calendar.js";

/**
 * The SOP "Pengaduan tidak berkadar pengawasan dan pemeriksaan lapangan melalui SP4N-LAPOR!"
 * as data. Source: docs/sop-pengaduan-sp4n-lapor.txt; reading: docs/sop-workflow.md.
 * Stored as SOP version 1 at first boot; a revision is a new version, never an edit.
 */

/** Who acts. COMPLAINANT is the SOP's "Pengadu"; SYSTEM acts on timers; SUPERUSER only sets up. */
export enum Role {
  COMPLAINANT = "COMPLAINANT",
  ADMIN_INSTANSI = "ADMIN_INSTANSI",
  ADMIN_OPD = "ADMIN_OPD",
  LIAISON = "LIAISON",
  OFFICER = "OFFICER",
  SYSTEM = "SYSTEM",
  SUPERUSER = "SUPERUSER",
}

/** A case is always at exactly one stage: steps 1 to 5 of the SOP, then CLOSED. */
export enum Stage {
  DISPOSITION = "DISPOSITION",
  INITIAL_RESPONSE = "INITIAL_RESPONSE",
  ANALYSIS = "ANALYSIS",
  DELIVERY = "DELIVERY",
  CONFIRMATION = "CONFIRMATION",
  CLOSED = "CLOSED",
}

export const OPEN_STAGES = [Stage.DISPOSITION, Stage.INITIAL_RESPONSE, Stage.ANALYSIS, Stage.DELIVERY, Stage.CONFIRMATION] as const;

export interface SopTimeStandard {
  /** As printed in the SOP's Mutu Baku column, e.g. "7-70 Jam". */
  label: string;
  /** WORKING: hours on the SOP's office calendar (our reading, docs/sop-workflow.md); CALENDAR: wall-clock hours. */
  basis: "WORKING" | "CALENDAR";
  /** The time by which the step is due. */
  hours: number;
  /** The earliest the step may be closed by an admin (step 5's "7"). */
  minHours?: number;
}

export interface SopStep {
  number: number;
  stage: Stage;
  /** Uraian prosedur. */
  description: string;
  /** The SOP's column name for the acting role. */
  actorLabel: string;
  actor: Role;
  /** Kelengkapan / persyaratan. */
  requirements: string[];
  time: SopTimeStandard;
  output: string[];
  remarks?: string;
}

export interface SopDefinition {
  government: string;
  agency: string;
  unit: string;
  number: string;
  title: string;
  createdOn: string;
  revisedOn: string | null;
  effectiveOn: string;
  approvedBy: { position: string; name: string; nip: string };
  legalBasis: string[];
  qualifications: string[];
  relatedSops: string[];
  equipment: string[];
  warning: string;
  records: string;
  /** Column names of the procedure table, left to right, as the SOP prints them. */
  actorColumns: { role: Role; label: string }[];
  steps: SopStep[];
  /** The working-time calendar the time standards count on. */
  calendar: CalendarSpec;
  /** A running step turns WARNING when this share of its time is used (our reading: 75 %). */
  warningShare: number;
}

export const SOP_V1: SopDefinition = {
  government: "Pemerintah Kota Samarinda",
  agency: "Dinas Koperasi Usaha Kecil Menengah dan Perindustrian Kota Samarinda",
  unit: "Sekretariat",
  number: "000.8.3.3 / 368 / 100.14.",
  title: "Pengaduan Tidak Berkadar Pengawasan dan Pemeriksaan Lapangan Melalui SP4N-LAPOR!",
  createdOn: "2026-05-04",
  revisedOn: null,
  effectiveOn: "2026-05-04",
  approvedBy: { position: "Kepala Dinas", name: "Jusmaramdhana Alus, SH., M.Si.", nip: "197110301994031002" },
  legalBasis: [
    "Undang-undang Nomor 25 Tahun 2009 tentang Pelayanan Publik (Lembaran Negara Republik Indonesia Tahun 2009 Nomor 112 dan Tambahan Lembaran Negara Republik Indonesia Nomor 5038)",
    "Peraturan Presiden Nomor 76 Tahun 2013 tentang Pengelolaan Pengaduan Pelayanan Publik",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia No 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia No 24 Tahun 2014 tentang Pedoman Penyelenggaraan Pengelolaan Pengaduan Pelayanan Publik Secara Nasional",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia Nomor 62 Tahun 2018 tentang Sistem Pengelolaan Pengaduan Pelayanan Publik Nasional",
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia No 46 Tahun 2020 tentang Road Map Sistem Pengelolaan Pengaduan Pelayanan Publik nasional Tahun 2020-2024",
  ],
  qualifications: [
    "Memiliki kemampuan mengelola pengaduan dengan baik",
    "Memiliki kemampuan komunikasi publik",
    "Mengetahui tugas dan fungsi sistem dan prosedur pemerintahan",
    "Menguasai tugas dan fungsi pengaduan publik",
  ],
  relatedSops: ["SOP Pengaduan Tidak Berkadar Pengawasan dan Pemeriksaan Lapangan Melalui MPP"],
  equipment: ["Lembaga Kerja dan Rencana Kerja", "Komputer/Printer/Scanner", "Jaringan Internet", "ATK"],
  warning: "Apabila prosedur tidak dilaksanakan sebagaimana mestinya, maka penanganan pengaduan akan terhambat",
  records: "Disimpan dalam bentuk softcopy dan hardcopy",
  actorColumns: [
    { role: Role.COMPLAINANT, label: "Pengadu" },
    { role: Role.ADMIN_INSTANSI, label: "Admin Instansi" },
    { role: Role.ADMIN_OPD, label: "Admin OPD" },
    { role: Role.LIAISON, label: "Pejabat Penghubung" },
  ],
  calendar: DEFAULT_CALENDAR,
  warningShare: 0.75,
  steps: [
    {
      number: 1,
      stage: Stage.DISPOSITION,
      description: "Menyampaikan Pengaduan kepada Admin OPD",
      actorLabel: "Admin Instansi",
      actor: Role.ADMIN_INSTANSI,
      requirements: ["Pengaduan Publik", "Perangkat TIK"],
      time: { label: "24 Jam", basis: "WORKING", hours: 24 },
      output: ["Pengaduan Publik"],
      remarks: "Dikoordinasikan melalui Whatsapp Group",
    },
    {
      number: 2,
      stage: Stage.INITIAL_RESPONSE,
      description: "Menerima dan menindaklanjuti / memberikan tanggapan awal serta melaporkan kepada pejabat penghubung",
      actorLabel: "Admin OPD",
      actor: Role.ADMIN_OPD,
      requirements: ["Pengaduan Publik"],
      time: { label: "2 Jam", basis: "WORKING", hours: 2 },
      output: ["Bahan Laporan", "Respon Aduan", "Laporan"],
      remarks: "Dikoordinasikan langsung",
    },
    {
      number: 3,
      stage: Stage.ANALYSIS,
      description:
        "Menganalisa pengaduan dan berkoordinasi dengan petugas yang bersangkutan lalu memberikan jawaban atas pengaduan ke Admin OPD",
      actorLabel: "Pejabat Penghubung",
      actor: Role.LIAISON,
      requirements: ["Bahan Laporan"],
      time: { label: "2 Jam", basis: "WORKING", hours: 2 },
      output: ["Hasil Analisis", "Jawaban Aduan Publik"],
    },
    {
      number: 4,
      stage: Stage.DELIVERY,
      description: "Menerima Jawaban dan menyampaikan jawaban kepada pengadu",
      actorLabel: "Admin OPD",
      actor: Role.ADMIN_OPD,
      requirements: ["Jawaban aduan"],
      time: { label: "2 Jam", basis: "WORKING", hours: 2 },
      output: ["Respon aduan / Jawaban Aduan Publik"],
    },
    {
      number: 5,
      stage: Stage.CONFIRMATION,
      description: "Menerima hasil tindak lanjut pengaduan melalui aplikasi",
      actorLabel: "Pengadu",
      actor: Role.COMPLAINANT,
      requirements: ["Jawaban atas aduan"],
      time: { label: "7-70 Jam", basis: "WORKING", hours: 70, minHours: 7 },
      output: ["Selesai / Respon balik atas jawaban pengaduan"],
      remarks: "Dapat ditutup oleh pengadu atau admin dan secara sistem jika tidak ada lagi jawaban dari pengadu",
    },
  ],
};

export function stepOf(sop: SopDefinition, stage: Stage): SopStep {
  const step = sop.steps.find((s) => s.stage === stage);
  if (!step) throw new Error(`SOP has no step for stage ${stage}`);
  return step;
}
