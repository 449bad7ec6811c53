/** What a file is, read from its first bytes; the name it came with says nothing. */
export interface Sniffed {
  mediaType: string;
  allowed: boolean;
  label: string;
}

/** Bytes needed to tell every type below apart. */
export const SNIFF_BYTES = 16;

const starts = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const KNOWN: { test: (head: Buffer) => boolean; sniffed: Sniffed }[] = [
  { test: (h) => starts(h, ascii("%PDF-")), sniffed: { mediaType: "application/pdf", allowed: true, label: "PDF" } },
  { test: (h) => starts(h, [0xff, 0xd8, 0xff]), sniffed: { mediaType: "image/jpeg", allowed: true, label: "JPEG" } },
  {
    test: (h) => starts(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    sniffed: { mediaType: "image/png", allowed: true, label: "PNG" },
  },
  {
    test: (h) => starts(h, ascii("RIFF")) && starts(h, ascii("WEBP"), 8),
    sniffed: { mediaType: "image/webp", allowed: true, label: "WebP" },
  },
  {
    test: (h) => starts(h, [0x49, 0x49, 0x2a, 0x00]) || starts(h, [0x4d, 0x4d, 0x00, 0x2a]),
    sniffed: { mediaType: "image/tiff", allowed: true, label: "TIFF" },
  },
  {
    test: (h) => starts(h, ascii("MZ")),
    sniffed: { mediaType: "application/vnd.microsoft.portable-executable", allowed: false, label: "a Windows executable" },
  },
  {
    test: (h) => starts(h, [0x7f, 0x45, 0x4c, 0x46]),
    sniffed: { mediaType: "application/x-elf", allowed: false, label: "a Linux executable" },
  },
  {
    test: (h) => starts(h, [0xcf, 0xfa, 0xed, 0xfe]) || starts(h, [0xca, 0xfe, 0xba, 0xbe]),
    sniffed: { mediaType: "application/x-mach-binary", allowed: false, label: "a macOS executable" },
  },
  { test: (h) => starts(h, ascii("#!")), sniffed: { mediaType: "text/x-shellscript", allowed: false, label: "a script" } },
  { test: (h) => starts(h, [0x50, 0x4b, 0x03, 0x04]), sniffed: { mediaType: "application/zip", allowed: false, label: "a ZIP archive" } },
];

const UNKNOWN: Sniffed = { mediaType: "application/octet-stream", allowed: false, label: "not a recognised file type" };

export function sniff(head: Buffer): Sniffed {
  return KNOWN.find((k) => k.test(head))?.sniffed ?? UNKNOWN;
}

export const ALLOWED_TYPES = ["PDF", "JPEG", "PNG", "WebP", "TIFF"];
