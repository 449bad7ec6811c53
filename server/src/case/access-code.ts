import { createHash, randomInt, timingSafeEqual } from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** 12 symbols from 32 (60 bits), grouped for reading aloud: ABCD-EFGH-JKLM. */
export function newAccessCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8).join("")}`;
}

const normalise = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** High-entropy random codes need no slow hash; a plain digest keeps lookups cheap. */
export const hashAccessCode = (code: string) => createHash("sha256").update(normalise(code)).digest("hex");

export function accessCodeMatches(code: string, hash: string): boolean {
  const a = Buffer.from(hashAccessCode(code), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
