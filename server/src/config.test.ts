import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected ConfigError");
}

describe("config", () => {
  it("defaults to the embedded database under ./data on port 4000", () => {
    const c = loadConfig({ INIT_CWD: "/srv/desk" });
    expect(c.port).toBe(4000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe("/srv/desk/data");
    expect(c.seedDemo).toBe("auto");
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("names every bad variable", () => {
    const p = problems({ PORT: "eighty", DATABASE_URL: "mysql://x", REDIS_URL: "localhost:6379", JWT_SECRET: "short" });
    expect(p.some((l) => l.startsWith("PORT"))).toBe(true);
    expect(p.some((l) => l.startsWith("DATABASE_URL"))).toBe(true);
    expect(p.some((l) => l.startsWith("REDIS_URL"))).toBe(true);
    expect(p.some((l) => l.startsWith("JWT_SECRET"))).toBe(true);
    expect(problems({ SEED_DEMO: "maybe" })[0]).toMatch(/^SEED_DEMO/);
  });

  it("reads webhooks as a list of http(s) URLs, none by default", () => {
    expect(loadConfig({}).webhookUrls).toEqual([]);
    expect(loadConfig({}).outboxPollSeconds).toBe(5);
    expect(loadConfig({ WEBHOOK_URLS: " https://a.example/hook, http://b.example:8080/x ,https://a.example/hook" }).webhookUrls).toEqual([
      "https://a.example/hook",
      "http://b.example:8080/x",
    ]);
    expect(problems({ WEBHOOK_URLS: "https://a.example/hook,ftp://b.example" })[0]).toMatch(/^WEBHOOK_URLS/);
    expect(problems({ WEBHOOK_SECRET: "short" })[0]).toMatch(/^WEBHOOK_SECRET/);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).databaseUrl).toBeUndefined();
  });
});
