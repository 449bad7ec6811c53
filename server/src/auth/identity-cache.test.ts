import { describe, expect, it } from "vitest";
import { IdentityCache } from "./identity-cache.js";

const loader = () => {
  let calls = 0;
  const load = async () => ({ n: ++calls });
  return { load, calls: () => calls };
};

describe("IdentityCache", () => {
  it("reads every time while not live", async () => {
    const cache = new IdentityCache(60_000);
    const { load, calls } = loader();
    await cache.get("user:a", load);
    await cache.get("user:a", load);
    expect(calls()).toBe(2);
  });

  it("keeps a row while live, per key, until a change empties it", async () => {
    const cache = new IdentityCache(60_000);
    cache.setLive(true);
    const { load, calls } = loader();
    expect(await cache.get("user:a", load)).toEqual({ n: 1 });
    expect(await cache.get("user:a", load)).toEqual({ n: 1 });
    expect(await cache.get("user:b", load)).toEqual({ n: 2 });
    cache.invalidate();
    expect(await cache.get("user:a", load)).toEqual({ n: 3 });
    expect(calls()).toBe(3);
  });

  it("does not keep a row read while a change committed, nor one read before the listener went away", async () => {
    const cache = new IdentityCache(60_000);
    cache.setLive(true);
    let release!: () => void;
    const slow = () => new Promise<{ stale: boolean }>((resolve) => (release = () => resolve({ stale: true })));
    const pending = cache.get("user:a", slow);
    cache.invalidate();
    release();
    expect(await pending).toEqual({ stale: true });
    expect(await cache.get("user:a", async () => ({ stale: false }))).toEqual({ stale: false });

    const again = cache.get("user:b", slow);
    cache.setLive(false);
    cache.setLive(true);
    release();
    await again;
    expect(await cache.get("user:b", async () => ({ stale: false }))).toEqual({ stale: false });
  });

  it("keeps no row past its age, and no unknown account", async () => {
    const cache = new IdentityCache(0);
    cache.setLive(true);
    const { load, calls } = loader();
    await cache.get("user:a", load);
    await cache.get("user:a", load);
    expect(calls()).toBe(2);
    const none = new IdentityCache(60_000);
    none.setLive(true);
    let misses = 0;
    await none.get("user:x", async () => (misses++, null));
    await none.get("user:x", async () => (misses++, null));
    expect(misses).toBe(2);
  });
});
