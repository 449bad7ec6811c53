import { randomInt } from "node:crypto";
import { invalid } from "../errors.js";
import { COMMON_PASSWORDS } from "./common-passwords.js";

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

/** What is left of a password once trailing digits and signs are taken off: "Samarinda2026!" → "samarinda". */
const stem = (password: string) => password.toLowerCase().replace(/[\d\W_]+$/u, "");

/**
 * A new password, or VALIDATION on `field`: 10 to 256 characters, not containing the username
 * (case-insensitive), not one of the shipped common passwords, nor one followed by digits or signs.
 */
export function checkNewPassword(field: string, password: string, username: string): string {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    throw invalid(field, `must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters`);
  }
  if (password.toLowerCase().includes(username.toLowerCase())) throw invalid(field, "must not contain the username");
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || COMMON_PASSWORDS.has(stem(password))) {
    throw invalid(field, "is too common; choose a less guessable one");
  }
  return password;
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A one-time password: three groups of four, e.g. "k7mq-x3ra-9dfp" (about 59 bits). */
export function oneTimePassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${group()}-${group()}-${group()}`;
}
