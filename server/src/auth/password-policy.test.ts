import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../app/demo-seed.js";
import { DomainError } from "../errors.js";
import { COMMON_PASSWORDS } from "./common-passwords.js";
import { checkNewPassword, oneTimePassword } from "./password-policy.js";

const reasonOf = (password: string, username = "siti.aminah") => {
  try {
    checkNewPassword("newPassword", password, username);
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.details.reason : e;
  }
};

describe("the password policy", () => {
  it("ships a few hundred common passwords, the Indonesian ones and the demo's among them", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
    for (const p of ["bismillah", "indonesia", "samarinda", "sayang", DEMO_PASSWORD]) expect(COMMON_PASSWORDS.has(p), p).toBe(true);
    expect([...COMMON_PASSWORDS].every((p) => p === p.toLowerCase())).toBe(true);
  });

  it("refuses short, username-bearing and common passwords, and a common one followed by digits or signs", () => {
    expect(reasonOf("pendek-123")).toBeNull();
    expect(reasonOf("pendek123")).toBe("TOO_SHORT");
    expect(reasonOf("x".repeat(257))).toBe("TOO_LONG");
    expect(reasonOf("aku-SITI.AMINAH-ok")).toBe("CONTAINS_USERNAME");
    expect(reasonOf("Bismillah123")).toBe("TOO_COMMON");
    expect(reasonOf("samarinda2026!!")).toBe("TOO_COMMON");
    expect(reasonOf("1234567890")).toBe("TOO_COMMON");
    expect(reasonOf("samarinda-tepian-mahakam")).toBeNull();
  });

  it("makes one-time passwords of three groups without look-alike characters, each different", () => {
    const made = Array.from({ length: 50 }, oneTimePassword);
    for (const p of made) expect(p).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
    expect(new Set(made).size).toBe(50);
  });
});
