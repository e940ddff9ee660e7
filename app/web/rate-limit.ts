/**
 * Rate-limit policy, pure (no clock, no storage) so it can be tested with any time:
 * a fixed window per client, and a hashing salt that changes every UTC day.
 * See docs/decisions/014-web-security.md.
 */

export interface RatePolicy {
  /** Requests allowed per window; 0 means no limit. */
  limit: number;
  windowMs: number;
}

/** One client's count in the current window. */
export interface WindowState {
  start: number;
  count: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The state as it stands at `now` (a finished window counts as no state). */
function current(state: WindowState | undefined, now: number, policy: RatePolicy) {
  return state && now < state.start + policy.windowMs && now >= state.start ? state : undefined;
}

/** Whether one more request is allowed now (nothing is counted). */
export function decide(state: WindowState | undefined, now: number, policy: RatePolicy): RateDecision {
  if (policy.limit <= 0) return { allowed: true };
  const live = current(state, now, policy);
  if (!live || live.count < policy.limit) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((live.start + policy.windowMs - now) / 1000)),
  };
}

/** The state after counting one request at `now`. */
export function charge(state: WindowState | undefined, now: number, policy: RatePolicy): WindowState {
  const live = current(state, now, policy);
  return live ? { start: live.start, count: live.count + 1 } : { start: now, count: 1 };
}

/** The state after giving one request back (a retry of something already stored). */
export function refund(
  state: WindowState | undefined,
  now: number,
  policy: RatePolicy,
): WindowState | undefined {
  const live = current(state, now, policy);
  if (!live || live.count <= 1) return undefined;
  return { start: live.start, count: live.count - 1 };
}

/** Whether a state can be forgotten (its window is over). */
export function expired(state: WindowState, now: number, policy: RatePolicy): boolean {
  return current(state, now, policy) === undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day number: the hashing salt is drawn again, and every count forgotten, when it changes. */
export function saltPeriod(now: number): number {
  return Math.floor(now / DAY_MS);
}
