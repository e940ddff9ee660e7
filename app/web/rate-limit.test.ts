import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { charge, decide, type RatePolicy, refund, saltPeriod, type WindowState } from "./rate-limit";
import { addressKey, RateLimiter } from "./rate-limit.server";

const POLICY: RatePolicy = { limit: 3, windowMs: 60_000 };
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

describe("rate-limit policy (fixed window)", () => {
  it("allows `limit` requests in a window, refuses the next with the seconds left", () => {
    let state: WindowState | undefined;
    for (let i = 0; i < 3; i++) {
      expect(decide(state, T0 + i * 1000, POLICY)).toEqual({ allowed: true });
      state = charge(state, T0 + i * 1000, POLICY);
    }
    expect(decide(state, T0 + 10_000, POLICY)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(decide(state, T0 + 59_001, POLICY)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("starts afresh when the window is over", () => {
    let state: WindowState | undefined;
    for (let i = 0; i < 3; i++) state = charge(state, T0, POLICY);
    expect(decide(state, T0 + 60_000, POLICY)).toEqual({ allowed: true });
    expect(charge(state, T0 + 60_000, POLICY)).toEqual({ start: T0 + 60_000, count: 1 });
  });

  it("a clock going backwards does not lock anyone out", () => {
    let state: WindowState | undefined;
    for (let i = 0; i < 3; i++) state = charge(state, T0, POLICY);
    expect(decide(state, T0 - 5_000, POLICY)).toEqual({ allowed: true });
  });

  it("limit 0 means no limit", () => {
    const off = { limit: 0, windowMs: 60_000 };
    let state: WindowState | undefined;
    for (let i = 0; i < 1000; i++) state = charge(state, T0, off);
    expect(decide(state, T0, off)).toEqual({ allowed: true });
  });

  it("refund gives one request back, and forgets an empty window", () => {
    let state: WindowState | undefined;
    for (let i = 0; i < 3; i++) state = charge(state, T0, POLICY);
    state = refund(state, T0 + 1, POLICY);
    expect(state).toEqual({ start: T0, count: 2 });
    expect(decide(state, T0 + 2, POLICY)).toEqual({ allowed: true });
    expect(refund({ start: T0, count: 1 }, T0, POLICY)).toBeUndefined();
    expect(refund(undefined, T0, POLICY)).toBeUndefined();
  });

  it("the salt period is the UTC day", () => {
    expect(saltPeriod(Date.UTC(2026, 10, 27, 0, 0, 0))).toBe(saltPeriod(Date.UTC(2026, 10, 27, 23, 59, 59)));
    expect(saltPeriod(Date.UTC(2026, 10, 28))).toBe(saltPeriod(Date.UTC(2026, 10, 27)) + 1);
  });
});

describe("addressKey", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6, counts IPv6 per /64", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });
});

/** A limiter on a clock the test moves, with salts it can see. */
function limiterAt(start: number) {
  const clock = { now: start };
  const salts: Buffer[] = [];
  const limiter = new RateLimiter(
    () => clock.now,
    (size) => {
      const salt = crypto.randomBytes(size);
      salts.push(salt);
      return salt;
    },
  );
  return { clock, salts, limiter };
}

describe("RateLimiter (in memory, hashed clients)", () => {
  it("refuses the client over the limit, not another client", () => {
    const { limiter } = limiterAt(T0);
    for (let i = 0; i < 3; i++) expect(limiter.take("b", "198.51.100.1", POLICY).allowed).toBe(true);
    expect(limiter.take("b", "198.51.100.1", POLICY)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take("b", "198.51.100.2", POLICY).allowed).toBe(true);
    // Buckets are separate budgets.
    expect(limiter.take("other", "198.51.100.1", POLICY).allowed).toBe(true);
  });

  it("does not count refused requests: the client is back after one window", () => {
    const { clock, limiter } = limiterAt(T0);
    for (let i = 0; i < 50; i++) limiter.take("b", "198.51.100.1", POLICY);
    clock.now += 60_000;
    expect(limiter.take("b", "198.51.100.1", POLICY).allowed).toBe(true);
  });

  it("an IPv6 client cannot escape by changing the end of its address", () => {
    const { limiter } = limiterAt(T0);
    for (let i = 1; i <= 3; i++) limiter.take("b", `2001:db8:1:2::${i}`, POLICY);
    expect(limiter.take("b", "2001:db8:1:2::99", POLICY).allowed).toBe(false);
    expect(limiter.take("b", "2001:db8:1:3::1", POLICY).allowed).toBe(true);
  });

  it("holds no address, only keyed hashes", () => {
    const { salts, limiter } = limiterAt(T0);
    limiter.take("b", "198.51.100.77", POLICY);
    limiter.take("b", "2001:db8:5:6::7", POLICY);
    const held = JSON.stringify(limiter.snapshot());
    expect(held).not.toContain("198.51.100.77");
    expect(held).not.toContain("2001:db8");
    // The key is HMAC(salt, address): without the day's salt it cannot be recomputed.
    const expected = crypto
      .createHmac("sha256", salts[0]!)
      .update("198.51.100.77")
      .digest("base64url")
      .slice(0, 22);
    expect(held).toContain(expected);
    const unsalted = crypto.createHash("sha256").update("198.51.100.77").digest("base64url").slice(0, 22);
    expect(held).not.toContain(unsalted);
  });

  it("draws a new salt each UTC day and forgets every count and key", () => {
    const { clock, salts, limiter } = limiterAt(Date.UTC(2026, 10, 27, 23, 59, 30));
    for (let i = 0; i < 3; i++) limiter.take("b", "198.51.100.1", POLICY);
    const before = limiter.snapshot();
    const keyBefore = before.buckets.b![0]![0];
    expect(limiter.check("b", "198.51.100.1", POLICY).allowed).toBe(false);
    clock.now = Date.UTC(2026, 10, 28, 0, 0, 5); // 35 s later, a new day
    expect(limiter.snapshot()).toEqual(before); // rotation happens on use
    expect(limiter.check("b", "198.51.100.1", POLICY).allowed).toBe(true);
    expect(salts).toHaveLength(2);
    expect(salts[1]!.equals(salts[0]!)).toBe(false);
    const after = limiter.snapshot();
    expect(after.period).toBe(before.period + 1);
    expect(JSON.stringify(after)).not.toContain(keyBefore);
    expect(after.buckets.b ?? []).toEqual([]);
    limiter.take("b", "198.51.100.1", POLICY);
    expect(limiter.snapshot().buckets.b![0]![0]).not.toBe(keyBefore);
  });

  it("giveBack returns a request (a retry of a stored answer costs nothing)", () => {
    const { limiter } = limiterAt(T0);
    for (let i = 0; i < 3; i++) limiter.take("b", "198.51.100.1", POLICY);
    limiter.giveBack("b", "198.51.100.1", POLICY);
    expect(limiter.take("b", "198.51.100.1", POLICY).allowed).toBe(true);
    expect(limiter.take("b", "198.51.100.1", POLICY).allowed).toBe(false);
  });

  it("forgets finished windows, so memory follows recent clients only", () => {
    const { clock, limiter } = limiterAt(T0);
    for (let i = 0; i < 999; i++) limiter.take("b", `10.0.${i >> 8}.${i & 255}`, POLICY);
    expect(limiter.snapshot().buckets.b).toHaveLength(999);
    clock.now += 61_000;
    for (let i = 0; i < 10; i++) limiter.take("b", "10.9.9.9", POLICY);
    expect(limiter.snapshot().buckets.b!.length).toBeLessThan(10);
  });
});
