/**
 * Login throttling policy, pure so it can be tested without clocks or databases.
 * After a few failures each attempt is slowed down; after many, the address is
 * refused for a while, even with the right password.
 */
export const THROTTLE = {
  /** Failures before answers start to be slowed down. */
  slowAfter: 3,
  /** Failures that lock the address. */
  lockAfter: 10,
  /** How long failures are remembered, and how long a lock lasts. */
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  maxDelayMs: 4000,
} as const;

export interface ThrottleState {
  failures: number;
  firstFailureAt: string;
  lockedUntil: string | null;
}

export type ThrottleDecision = { kind: "allowed"; delayMs: number } | { kind: "locked"; until: string };

/** What to do with a login attempt for an address in this state. `baseDelayMs` scales the slow-down. */
export function throttleDecision(
  state: ThrottleState | undefined,
  now: Date,
  baseDelayMs: number,
): ThrottleDecision {
  if (!state) return { kind: "allowed", delayMs: 0 };
  if (state.lockedUntil && state.lockedUntil > now.toISOString())
    return { kind: "locked", until: state.lockedUntil };
  const expired = now.getTime() - Date.parse(state.firstFailureAt) > THROTTLE.windowMs;
  const failures = expired ? 0 : state.failures;
  if (failures < THROTTLE.slowAfter) return { kind: "allowed", delayMs: 0 };
  const delay = baseDelayMs * 2 ** (failures - THROTTLE.slowAfter);
  return { kind: "allowed", delayMs: Math.min(delay, THROTTLE.maxDelayMs) };
}

/** The state after one more failure. */
export function afterFailure(state: ThrottleState | undefined, now: Date): ThrottleState {
  const nowIso = now.toISOString();
  const expired =
    !state ||
    now.getTime() - Date.parse(state.firstFailureAt) > THROTTLE.windowMs ||
    (state.lockedUntil !== null && state.lockedUntil <= nowIso);
  const failures = expired ? 1 : state.failures + 1;
  return {
    failures,
    firstFailureAt: expired ? nowIso : state.firstFailureAt,
    lockedUntil:
      failures >= THROTTLE.lockAfter ? new Date(now.getTime() + THROTTLE.lockMs).toISOString() : null,
  };
}
