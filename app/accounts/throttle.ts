/**
 * Login throttling policy, pure so it can be tested without clocks or databases
 * (docs/decisions/022-logins-and-sessions.md). A count is kept per account and per known
 * browser: after a few failures each attempt is slowed down; after many, the count is locked
 * for a while. Every attempt is counted when it starts (it is a failure until the password
 * proves right), so attempts sent in parallel are held by the same limits as one after another.
 */
export const THROTTLE = {
  /** Failures before answers start to be slowed down. */
  slowAfter: 3,
  /** Failures that lock the count. */
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

/** Whether the state no longer applies at `now` (its window, or its lock, is over). */
function isOver(state: ThrottleState | undefined, now: Date): boolean {
  if (!state) return true;
  // A lock runs to its end, even past the window of the failures that set it.
  if (state.lockedUntil !== null) return state.lockedUntil <= now.toISOString();
  return now.getTime() - Date.parse(state.firstFailureAt) > THROTTLE.windowMs;
}

/** The slow-down owed to the failures of a state, lock or not (0 to `maxDelayMs`). */
export function slowDownMs(state: ThrottleState | undefined, now: Date, baseDelayMs: number): number {
  const failures = isOver(state, now) ? 0 : state!.failures;
  if (failures < THROTTLE.slowAfter) return 0;
  return Math.min(baseDelayMs * 2 ** (failures - THROTTLE.slowAfter), THROTTLE.maxDelayMs);
}

/** What to do with an attempt on a count in this state. `baseDelayMs` scales the slow-down. */
export function throttleDecision(
  state: ThrottleState | undefined,
  now: Date,
  baseDelayMs: number,
): ThrottleDecision {
  if (!isOver(state, now) && state!.lockedUntil !== null)
    return { kind: "locked", until: state!.lockedUntil };
  return { kind: "allowed", delayMs: slowDownMs(state, now, baseDelayMs) };
}

/**
 * The state after one more failure (or one more attempt not yet proven right). A lock being
 * served keeps its end: attempts refused during it are counted but do not lengthen it.
 */
export function afterFailure(state: ThrottleState | undefined, now: Date): ThrottleState {
  const nowIso = now.toISOString();
  if (isOver(state, now)) {
    return { failures: 1, firstFailureAt: nowIso, lockedUntil: null };
  }
  const failures = state!.failures + 1;
  return {
    failures,
    firstFailureAt: state!.firstFailureAt,
    lockedUntil:
      state!.lockedUntil ??
      (failures >= THROTTLE.lockAfter ? new Date(now.getTime() + THROTTLE.lockMs).toISOString() : null),
  };
}
