import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { buildServices, type Wiring } from "./services.js";
import { IdentityCache } from "../auth/identity-cache.js";
import { Opd } from "../auth/opd.entity.js";
import { toViewer } from "../auth/auth.service.js";
import { User } from "../auth/user.entity.js";
import type { StaffViewer } from "../auth/viewer.js";
import { Channel } from "../case/case.entity.js";
import { TemplateUse } from "../case/case.workflow.js";
import type { Services } from "../graphql/context.js";
import { AnswerTemplate } from "../records/answer-template.entity.js";
import type { Clock } from "../clock.js";
import type { WorkingCalendar } from "../sop/calendar.js";
import type { Config } from "../config.js";
import { OutboxWriter } from "../notify/outbox.js";
import { Role, SOP_V1, Stage } from "../sop/sop.definition.js";

export const DEMO_PASSWORD = "demo12345";

export const DEMO_OPDS = [
  { code: "DISKOPUKMP", name: "Dinas Koperasi, Usaha Kecil Menengah dan Perindustrian" },
  { code: "DISDIK", name: "Dinas Pendidikan dan Kebudayaan" },
  { code: "DINKES", name: "Dinas Kesehatan" },
  { code: "DPUPR", name: "Dinas Pekerjaan Umum dan Penataan Ruang" },
  { code: "DISHUB", name: "Dinas Perhubungan" },
];

export const DEMO_USERS = [
  { username: "superadmin", displayName: "Superadmin Kota Samarinda", role: Role.SUPERUSER, opd: null },
  { username: "admin.instansi", displayName: "Admin Instansi Kota Samarinda", role: Role.ADMIN_INSTANSI, opd: null },
  { username: "admin.diskop", displayName: "Admin OPD Diskop UKM", role: Role.ADMIN_OPD, opd: "DISKOPUKMP" },
  { username: "penghubung.diskop", displayName: "Pejabat Penghubung Diskop UKM", role: Role.LIAISON, opd: "DISKOPUKMP" },
  { username: "petugas.diskop", displayName: "Petugas Bidang UMKM", role: Role.OFFICER, opd: "DISKOPUKMP" },
  { username: "admin.dinkes", displayName: "Admin OPD Dinas Kesehatan", role: Role.ADMIN_OPD, opd: "DINKES" },
] as const;

const TOPICS = [
  [
    "Bantuan modal UMKM belum cair",
    "Sudah tiga bulan sejak pengumuman penerima bantuan modal usaha mikro, dana belum juga masuk ke rekening kami.",
  ],
  ["Pendaftaran NIB dipersulit", "Petugas meminta dokumen tambahan yang tidak ada di persyaratan saat saya mengurus Nomor Induk Berusaha."],
  ["Pelatihan kewirausahaan tanpa informasi", "Pelatihan kewirausahaan untuk pelaku UMKM tidak diumumkan, tahu-tahu sudah selesai."],
  ["Koperasi simpan pinjam tidak membayar SHU", "Koperasi di kelurahan kami tidak membagikan SHU dua tahun berturut-turut."],
  ["Stan pameran produk lokal tidak adil", "Pembagian stan pada pameran produk lokal hanya untuk kelompok tertentu."],
  ["Sertifikasi halal UMKM lambat", "Fasilitasi sertifikasi halal gratis untuk UMKM sudah diajukan sejak Mei, belum ada kabar."],
  ["Bimbingan teknis kemasan dibatalkan sepihak", "Bimtek desain kemasan dibatalkan H-1 tanpa pemberitahuan resmi."],
  ["Data penerima bantuan tidak sesuai", "Nama saya terdaftar di kelurahan lain, sehingga bantuan tidak bisa diterima."],
  ["Layanan konsultasi UMKM tutup saat jam kerja", "Klinik konsultasi UMKM tutup pada hari Selasa pukul 10.00 padahal jadwalnya buka."],
  ["Pungutan liar di sentra industri kecil", "Ada pungutan kebersihan yang tidak jelas dasar hukumnya di sentra industri kecil."],
  ["Website pendaftaran pelatihan error", "Formulir pendaftaran pelatihan selalu gagal dikirim sejak minggu lalu."],
  ["Izin usaha rumahan ditolak tanpa alasan", "Permohonan izin produksi pangan industri rumah tangga ditolak tanpa penjelasan."],
];

const CHANNELS = [Channel.LAPOR, Channel.LAPOR, Channel.MPP, Channel.WHATSAPP, Channel.LETTER, Channel.WALK_IN, Channel.PORTAL];
const HOUR = 3_600_000;
const PER_STAGE = 12;

/** Creates the demo when asked, or on the embedded database's first start (no users yet); in production its accounts must change their password at first sign-in. */
export async function seedDemoIfWanted(
  wiring: Wiring,
  mode: Config["seedDemo"],
  embedded: boolean,
  production: boolean,
): Promise<{ cases: number } | null> {
  if (mode === "never") return null;
  const hasUsers = (await wiring.dataSource.getRepository(User).count()) > 0;
  if (hasUsers || (mode === "auto" && !embedded)) return null;
  return seedDemo(wiring, production);
}

/**
 * Kota Samarinda's OPDs, one user per role, and a dozen cases at every stage, made through the real
 * actions. With `production`, every demo account must choose its own password at first sign-in.
 */
export async function seedDemo({ dataSource: ds, config, shared, services, log }: Wiring, production = false): Promise<{ cases: number }> {
  const opds = new Map<string, Opd>();
  for (const o of DEMO_OPDS) {
    const existing = await ds.getRepository(Opd).findOne({ where: { code: o.code } });
    opds.set(o.code, existing ?? (await ds.getRepository(Opd).save({ id: randomUUID(), code: o.code, name: o.name, active: true })));
  }
  const users = new Map<string, StaffViewer>();
  for (const u of DEMO_USERS) {
    const existing = await ds.getRepository(User).findOne({ where: { username: u.username } });
    const user =
      existing ??
      (await services.accounts.insertUser({
        username: u.username,
        displayName: u.displayName,
        password: DEMO_PASSWORD,
        role: u.role,
        opdId: u.opd ? opds.get(u.opd)!.id : null,
        mustChangePassword: production,
      }));
    users.set(u.username, toViewer(user));
  }
  await seedTemplates(ds, services, users.get("admin.instansi")!, users.get("admin.diskop")!);
  const realNow = services.clock.now().getTime();
  const calendar = await services.calendars.current();
  let at = realNow;
  const clock: Clock = { now: () => new Date(at) };
  // Invented history is no news to the webhooks.
  const { cases } = buildServices(
    ds,
    config,
    clock,
    { ...shared, outboxWriter: new OutboxWriter([]), identities: new IdentityCache(0) },
    log,
  );
  const instansi = users.get("admin.instansi")!;
  const adminOpd = users.get("admin.diskop")!;
  const liaison = users.get("penghubung.diskop")!;
  const diskop = opds.get("DISKOPUKMP")!;
  const stages = [Stage.DISPOSITION, Stage.INITIAL_RESPONSE, Stage.ANALYSIS, Stage.DELIVERY, Stage.CONFIRMATION, Stage.CLOSED];
  let made = 0;
  for (const [s, target] of stages.entries()) {
    for (let i = 0; i < PER_STAGE; i++) {
      const [title, description] = TOPICS[(i + s * 5) % TOPICS.length];
      const channel = CHANNELS[(i + s) % CHANNELS.length];
      const closing = target === Stage.CLOSED;
      // Each earlier step took half its time; the current one has used a share spread from fresh to overdue.
      const durations = STEP_HOURS.slice(0, Math.min(s, 4)).map((h) => (h / 2) * HOUR);
      if (closing) durations.push(7.5 * HOUR);
      const age = (closing ? 1 : STEP_HOURS[s]) * [0.1, 0.5, 0.8, 1.3][i % 4] * HOUR + i * 7 * 60_000;
      const times = scheduleEndingAgo(calendar, realNow, durations, age);
      let next = 0;
      at = times[next++];
      const anonymous = i % 5 === 0;
      const identity = {
        anonymous,
        complainantName: anonymous ? null : `Warga ${i + 1}`,
        complainantContact: anonymous ? null : `0812-5500-${String(1000 + made).slice(-4)}`,
      };
      const receipt =
        channel === Channel.PORTAL
          ? await cases.submitComplaint({ title, description, category: "UMKM", confidential: false, ...identity })
          : await cases.recordComplaint(instansi, {
              title,
              description,
              category: "UMKM",
              channel,
              laporTrackingId: channel === Channel.LAPOR ? `LAPOR-${4_000_000 + made * 37}` : null,
              confidential: !anonymous && i % 4 === 1,
              ...identity,
            });
      made++;
      let c = receipt.case;
      const step = async (fn: () => Promise<typeof c>) => {
        at = times[next++] ?? at;
        c = await fn();
      };
      if (closing && i % 3 === 2) {
        await step(() => cases.reject(instansi, ref(c), { reason: "Bukan pengaduan pelayanan publik (duplikat)" }));
        continue;
      }
      const opd = target === Stage.INITIAL_RESPONSE && i % 3 === 2 ? opds.get("DINKES")! : diskop;
      if (s >= 1) await step(() => cases.forward(instansi, ref(c), { opdId: opd.id, note: "Mohon ditindaklanjuti" }));
      if (s >= 2)
        await step(() =>
          cases.acknowledge(adminOpd, ref(c), {
            initialResponse: "Terima kasih, pengaduan Anda sudah kami terima dan sedang ditindaklanjuti.",
            reportMaterial: `Bahan laporan: ${title}. Perlu klarifikasi dengan bidang terkait.`,
          }),
        );
      if (s >= 3)
        await step(() =>
          cases.submitAnswer(liaison, ref(c), {
            analysis: "Sudah dikonfirmasi dengan bidang terkait; keluhan beralasan.",
            answer: "Permasalahan sudah kami tindak lanjuti bersama bidang terkait dan akan selesai dalam 7 hari kerja.",
            consulted: "Kepala Bidang UMKM",
          }),
        );
      if (s >= 4) await step(() => cases.deliverAnswer(adminOpd, ref(c), {}));
      if (closing) {
        at = times[next++];
        c =
          i % 3 === 0
            ? await cases.close(adminOpd, ref(c), { reason: "Jawaban telah disampaikan; tidak ada tanggapan lanjutan" })
            : await cases.accept(
                { trackingNumber: c.trackingNumber, accessCode: receipt.accessCode, expectedVersion: c.version },
                { rating: 4 + (i % 2), comment: "Terima kasih, sudah ditangani." },
              );
      }
    }
  }
  return { cases: made };
}

/** City-wide answer templates for every use, and one of the Diskop's own; none when any template exists. */
const DEMO_TEMPLATES: { opd: boolean; name: string; use: TemplateUse; body: string }[] = [
  {
    opd: false,
    name: "Tanggapan awal — diterima",
    use: TemplateUse.INITIAL_RESPONSE,
    body: 'Terima kasih atas pengaduan Anda nomor {nomor} tentang "{judul}" yang kami terima pada {tanggal_terima}. Pengaduan Anda sedang ditindaklanjuti oleh {opd}; kami akan menyampaikan perkembangannya paling lambat {batas_waktu}.',
  },
  {
    opd: false,
    name: "Jawaban — sudah ditindaklanjuti",
    use: TemplateUse.ANSWER,
    body: 'Menindaklanjuti pengaduan nomor {nomor} tentang "{judul}", {opd} telah berkoordinasi dengan bidang terkait. Hasilnya: …\n\nApabila masih ada hal yang belum jelas, silakan sampaikan tanggapan Anda melalui kanal yang sama.',
  },
  {
    opd: false,
    name: "Jawaban disampaikan — penutup",
    use: TemplateUse.DELIVERED_ANSWER,
    body: 'Bapak/Ibu yang kami hormati, berikut jawaban atas pengaduan nomor {nomor} ("{judul}"): …\n\nTerima kasih atas kepedulian Anda terhadap pelayanan publik di Kota Samarinda.',
  },
  {
    opd: false,
    name: "Ditolak — bukan pengaduan pelayanan publik",
    use: TemplateUse.REJECTION,
    body: "Mohon maaf, laporan nomor {nomor} yang kami terima pada {tanggal_terima} bukan pengaduan pelayanan publik sehingga tidak dapat kami tindak lanjuti melalui SP4N-LAPOR!.",
  },
  {
    opd: false,
    name: "Ditolak — data tidak lengkap",
    use: TemplateUse.REJECTION,
    body: "Mohon maaf, laporan nomor {nomor} belum memuat keterangan yang cukup (lokasi, waktu dan uraian kejadian) untuk ditindaklanjuti. Silakan sampaikan kembali pengaduan Anda dengan data yang lengkap.",
  },
  {
    opd: false,
    name: "Ditutup — tidak ada tanggapan",
    use: TemplateUse.CLOSING,
    body: "Jawaban atas pengaduan nomor {nomor} telah disampaikan dan tidak ada tanggapan lanjutan dari pelapor; pengaduan ini kami tutup.",
  },
  {
    opd: true,
    name: "Tanggapan awal — UMKM",
    use: TemplateUse.INITIAL_RESPONSE,
    body: 'Terima kasih, pengaduan nomor {nomor} tentang "{judul}" telah diterima {opd} dan diteruskan ke Bidang UMKM untuk diklarifikasi. Tanggapan kami sampaikan paling lambat {batas_waktu}.',
  },
];

async function seedTemplates(ds: DataSource, services: Services, instansi: StaffViewer, adminOpd: StaffViewer): Promise<void> {
  if ((await ds.getRepository(AnswerTemplate).count()) > 0) return;
  for (const { opd, ...fields } of DEMO_TEMPLATES) {
    await services.answerTemplates.create(opd ? adminOpd : instansi, opd ? adminOpd.opdId : null, fields);
  }
}

const ref = (c: { id: string; version: number }) => ({ caseId: c.id, expectedVersion: c.version });

const STEP_HOURS = SOP_V1.steps.map((s) => s.time.hours);

/**
 * Instants for a case's history: steps taking `durations` of working time one after the other,
 * the last ending `age` of working time before `now` (found by bisection on the start).
 */
function scheduleEndingAgo(calendar: WorkingCalendar, now: number, durations: number[], age: number): number[] {
  const plan = (start: number) => {
    const times = [start];
    for (const d of durations) times.push(calendar.addWorking(new Date(times.at(-1)!), d).getTime());
    return times;
  };
  let lo = now - 120 * 86_400_000;
  let hi = now;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    const end = plan(mid).at(-1)!;
    if (end <= now && calendar.elapsedWorking(new Date(end), new Date(now)) >= age) lo = mid;
    else hi = mid;
  }
  return plan(Math.floor(lo));
}
