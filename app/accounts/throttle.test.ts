import { describe, expect, it } from "vitest";
import { afterFailure, slowDownMs, THROTTLE, type ThrottleState, throttleDecision } from "./throttle";

const T0 = new Date("2026-11-26T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
const BASE = 500;

/** The state after `n` failures, one second apart from T0. */
function failures(n: number): ThrottleState | undefined {
  let state: ThrottleState | undefined;
  for (let i = 0; i < n; i++) state = afterFailure(state, at(i * 1000));
  return state;
}

describe("throttleDecision", () => {
  it("lets a first attempt through at once", () => {
    expect(throttleDecision(undefined, T0, BASE)).toEqual({ kind: "allowed", delayMs: 0 });
  });

  it("does not slow down the first failures (a typo or two)", () => {
    for (let n = 1; n < THROTTLE.slowAfter; n++) {
      expect(throttleDecision(failures(n), at(n * 1000), BASE)).toEqual({ kind: "allowed", delayMs: 0 });
    }
  });

  it("then slows down each attempt, doubling, up to the ceiling", () => {
    const delays = [3, 4, 5, 6, 7, 8, 9].map((n) => {
      const d = throttleDecision(failures(n), at(n * 1000), BASE);
      expect(d.kind).toBe("allowed");
      return d.kind === "allowed" ? d.delayMs : -1;
    });
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000]);
    expect(Math.max(...delays)).toBe(THROTTLE.maxDelayMs);
  });

  it("scales the slow-down with the configured base", () => {
    expect(throttleDecision(failures(4), at(4000), 1)).toEqual({ kind: "allowed", delayMs: 2 });
  });

  it("locks the address for 15 minutes at the 10th failure, even before any slow-down is due", () => {
    expect(failures(9)?.lockedUntil).toBeNull();
    const state = failures(10)!;
    expect(THROTTLE.lockAfter).toBe(10);
    expect(state.lockedUntil).toBe(at(9000 + 15 * MINUTE).toISOString());
    expect(throttleDecision(state, at(10_000), BASE)).toEqual({ kind: "locked", until: state.lockedUntil });
    expect(throttleDecision(state, at(9000 + 15 * MINUTE - 1), BASE).kind).toBe("locked");
  });

  it("forgets failures once the window has passed", () => {
    const state = failures(5)!;
    expect(throttleDecision(state, at(15 * MINUTE), BASE)).toMatchObject({ delayMs: 2000 });
    expect(throttleDecision(state, at(15 * MINUTE + 1), BASE)).toEqual({ kind: "allowed", delayMs: 0 });
  });

  it("lifts the lock when it expires", () => {
    const state = failures(10)!;
    const end = Date.parse(state.lockedUntil!);
    const decision = throttleDecision(state, new Date(end), BASE);
    expect(decision.kind).toBe("allowed");
  });
});

describe("afterFailure", () => {
  it("counts failures within the window from the first one", () => {
    const state = failures(3)!;
    expect(state).toEqual({ failures: 3, firstFailureAt: T0.toISOString(), lockedUntil: null });
  });

  it("starts counting again after the window", () => {
    const next = afterFailure(failures(5), at(16 * MINUTE));
    expect(next).toEqual({ failures: 1, firstFailureAt: at(16 * MINUTE).toISOString(), lockedUntil: null });
  });

  it("counts attempts refused during a lock without lengthening it", () => {
    const locked = failures(10)!;
    const during = afterFailure(afterFailure(locked, at(60_000)), at(120_000));
    expect(during).toEqual({ ...locked, failures: 12 });
  });

  it("keeps a lock to its end even once the failures' window has passed", () => {
    // Failures from T0 to T0 + 9 min: the lock set at the 10th runs to T0 + 24 min.
    let state: ThrottleState | undefined;
    for (let i = 0; i < 10; i++) state = afterFailure(state, at(i * MINUTE));
    expect(state!.lockedUntil).toBe(at(24 * MINUTE).toISOString());
    expect(throttleDecision(state, at(20 * MINUTE), BASE).kind).toBe("locked");
    expect(afterFailure(state, at(20 * MINUTE))).toMatchObject({
      failures: 11,
      lockedUntil: state!.lockedUntil,
    });
  });

  it("starts counting again after a lock has expired, instead of locking again at once", () => {
    const locked = failures(10)!;
    const next = afterFailure(locked, new Date(Date.parse(locked.lockedUntil!) + 1));
    expect(next.failures).toBe(1);
    expect(next.lockedUntil).toBeNull();
  });
});

describe("slowDownMs", () => {
  it("is owed during a lock too (a known browser pays it, the lock aside)", () => {
    expect(slowDownMs(failures(20), at(20_000), BASE)).toBe(THROTTLE.maxDelayMs);
    expect(slowDownMs(failures(2), at(2000), BASE)).toBe(0);
    expect(slowDownMs(undefined, T0, BASE)).toBe(0);
  });
});
