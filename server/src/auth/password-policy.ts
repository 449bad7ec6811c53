import { randomInt } from "node:crypto";
import { DomainError, ErrorCode } from "../errors.js";
import { COMMON_PASSWORDS } from "./common-passwords.js";

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

/** What is left of a password once trailing digits and signs are taken off: "Samarinda2026!" → "samarinda". */
const stem = (password: string) => password.toLowerCase().replace(/[\d\W_]+$/u, "");

const weak = (field: string, reason: string, rule: string) => new DomainError(ErrorCode.VALIDATION, `${field}: ${rule}`, { field, reason });

/**
 * A new password, or VALIDATION on `field` with its `reason` (TOO_SHORT, TOO_LONG, CONTAINS_USERNAME, TOO_COMMON): 10 to 256 characters, not containing the username
 * (case-insensitive), not one of the shipped common passwords, nor one followed by digits or signs.
 */
export function checkNewPassword(field: string, password: string, username: string): string {
  const length = `must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters`;
  if (password.length < MIN_PASSWORD) throw weak(field, "TOO_SHORT", length);
  if (password.length > MAX_PASSWORD) throw weak(field, "TOO_LONG", length);
  if (password.toLowerCase().includes(username.toLowerCase())) throw weak(field, "CONTAINS_USERNAME", "must not contain the username");
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || COMMON_PASSWORDS.has(stem(password))) {
    throw weak(field, "TOO_COMMON", "is too common; choose a less guessable one");
  }
  return password;
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

const grouped = (pick: (i: number) => number) => {
  const at = (i: number) => ALPHABET[pick(i) % ALPHABET.length];
  const group = (g: number) => [0, 1, 2, 3].map((i) => at(g * 4 + i)).join("");
  return `${group(0)}-${group(1)}-${group(2)}`;
};

/** A one-time password: three groups of four, e.g. "k7mq-x3ra-9dfp" (about 59 bits). */
export function oneTimePassword(): string {
  return grouped(() => randomInt(ALPHABET.length));
}

/** A code of the one-time password's shape taken from `bytes` (at least 12 of them), so the same secret always gives the same code. */
export function codeFrom(bytes: Uint8Array): string {
  return grouped((i) => bytes[i]);
}
