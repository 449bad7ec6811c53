import type { Response } from "express";
import { describe, expect, it } from "vitest";
import { DomainError, ErrorCode, HTTP_STATUS, refusalOf } from "./errors.js";
import { sendRefusal } from "./auth/http.js";

/** What sendRefusal did to a response: its status, headers and JSON body. */
function refused(e: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const res = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    set(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  sendRefusal(res as unknown as Response, e);
  return sent;
}

describe("HTTP_STATUS", () => {
  it("gives every error code a 4xx or 5xx status", () => {
    const codes = Object.values(ErrorCode);
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(Number.isInteger(HTTP_STATUS[code]), code).toBe(true);
      expect(HTTP_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(HTTP_STATUS[code], code).toBeLessThan(600);
    }
  });

  it("keeps the statuses the routes have always answered", () => {
    expect(HTTP_STATUS).toMatchObject({
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      VALIDATION: 400,
      RATE_LIMITED: 429,
      PAYLOAD_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
    });
  });
});

describe("a plain route's refusal", () => {
  it("answers UNAVAILABLE with 503, not 400", () => {
    const sent = refused(new DomainError(ErrorCode.UNAVAILABLE, "try again shortly"));
    expect([sent.status, sent.body]).toEqual([503, { error: { code: "UNAVAILABLE", message: "try again shortly" } }]);
  });

  it("answers a database that does not answer as UNAVAILABLE, 503, without pg's own message", () => {
    const down = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const sent = refused(down);
    expect(sent.status).toBe(503);
    expect(sent.body).toMatchObject({ error: { code: "UNAVAILABLE" } });
    expect(JSON.stringify(sent.body)).not.toContain("5432");
  });

  it("answers each code with its status, and RATE_LIMITED with Retry-After", () => {
    for (const code of Object.values(ErrorCode)) expect(refused(new DomainError(code, "no")).status, code).toBe(HTTP_STATUS[code]);
    expect(refused(new DomainError(ErrorCode.RATE_LIMITED, "wait", { retryAfterSeconds: 60 })).headers).toEqual({ "Retry-After": "60" });
  });

  it("rethrows anything that is not a refusal, for Express to answer 500", () => {
    const bug = new TypeError("undefined is not a function");
    expect(() => refused(bug)).toThrow(bug);
    expect(refusalOf(bug)).toBeNull();
    expect(refusalOf("ECONNREFUSED")).toBeNull();
  });
});
