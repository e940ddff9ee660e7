import crypto from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { type ApiAnswer, apiError } from "./http.server";
import {
  charge,
  decide,
  expired,
  type RateDecision,
  type RatePolicy,
  refund,
  saltPeriod,
  type WindowState,
} from "./rate-limit";

// In-memory rate limits per client, without keeping addresses: a client is known only by
// HMAC(salt, address), and the salt is drawn at random each UTC day, when every count is
// forgotten (docs/decisions/014-web-security.md). One process, so memory is the right place.

/** What is hashed for an address: IPv6 clients are counted per /64 (one home, one phone). */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

export class RateLimiter {
  private salt: Buffer;
  private period: number;
  private readonly buckets = new Map<string, { policy: RatePolicy; counts: Map<string, WindowState> }>();
  private operations = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly randomBytes: (size: number) => Buffer = crypto.randomBytes,
  ) {
    this.period = saltPeriod(now());
    this.salt = randomBytes(32);
  }

  /** A new day: a new salt, and every count (so every key) forgotten. */
  private rotate(now: number) {
    const period = saltPeriod(now);
    if (period === this.period) return;
    this.period = period;
    this.salt = this.randomBytes(32);
    this.buckets.clear();
  }

  /** The client's key in today's counts: not reversible without the salt, which lives a day. */
  keyOf(address: string): string {
    return crypto
      .createHmac("sha256", this.salt)
      .update(addressKey(address))
      .digest("base64url")
      .slice(0, 22);
  }

  private counts(bucket: string, policy: RatePolicy, now: number) {
    this.rotate(now);
    let entry = this.buckets.get(bucket);
    if (!entry) this.buckets.set(bucket, (entry = { policy, counts: new Map() }));
    entry.policy = policy;
    // Finished windows are dropped now and then, so memory follows the clients of the last minutes.
    if (++this.operations % 1000 === 0 || entry.counts.size > 50_000) this.sweep(now);
    return entry.counts;
  }

  private sweep(now: number) {
    for (const { policy, counts } of this.buckets.values())
      for (const [key, state] of counts) if (expired(state, now, policy)) counts.delete(key);
  }

  /** Whether the client may make one more request (nothing counted). */
  check(bucket: string, address: string, policy: RatePolicy): RateDecision {
    const now = this.now();
    return decide(this.counts(bucket, policy, now).get(this.keyOf(address)), now, policy);
  }

  /** Counts one request. */
  hit(bucket: string, address: string, policy: RatePolicy): void {
    if (policy.limit <= 0) return;
    const now = this.now();
    const counts = this.counts(bucket, policy, now);
    const key = this.keyOf(address);
    counts.set(key, charge(counts.get(key), now, policy));
  }

  /** Checks, and counts the request when it is allowed (a refused one is not counted). */
  take(bucket: string, address: string, policy: RatePolicy): RateDecision {
    const decision = this.check(bucket, address, policy);
    if (decision.allowed) this.hit(bucket, address, policy);
    return decision;
  }

  /** Gives one request back. */
  giveBack(bucket: string, address: string, policy: RatePolicy): void {
    const now = this.now();
    const counts = this.counts(bucket, policy, now);
    const key = this.keyOf(address);
    const next = refund(counts.get(key), now, policy);
    if (next) counts.set(key, next);
    else counts.delete(key);
  }

  /** Everything held, for tests and inspection: keys and counts, nothing else. */
  snapshot(): { period: number; buckets: Record<string, [string, WindowState][]> } {
    const buckets: Record<string, [string, WindowState][]> = {};
    for (const [name, { counts }] of this.buckets) buckets[name] = [...counts.entries()];
    return { period: this.period, buckets };
  }
}

/** The application's limiter (one per process). */
export const rateLimiter = new RateLimiter();

/**
 * The client's address as server/client-address.ts gives it (X-Forwarded-For only with TRUST_PROXY). Without
 * one (the app called in-process: tests, `remix vite:dev`) there is nothing to limit by.
 */
export function clientAddress(context: AppLoadContext | undefined): string | null {
  const address = context?.clientAddress;
  return typeof address === "string" && address.length > 0 ? address : null;
}

export function submissionPolicy(): RatePolicy {
  return { limit: getEnv().RATE_LIMIT_SUBMISSIONS_PER_MINUTE, windowMs: 60_000 };
}

export function codePolicy(): RatePolicy {
  return { limit: getEnv().RATE_LIMIT_CODE_ATTEMPTS_PER_10_MINUTES, windowMs: 10 * 60_000 };
}

/**
 * The submission API's limit for a client address (null: nothing to limit by): a 429 to send
 * back, or null and a `refund` to call when the request turns out to be a retry of a response
 * already stored (retries cost nothing).
 */
export function limitSubmission(address: string | null): {
  refused: ApiAnswer | null;
  refund: () => void;
} {
  if (!address) return { refused: null, refund: () => {} };
  const policy = submissionPolicy();
  const decision = rateLimiter.take("submission", address, policy);
  if (!decision.allowed) {
    const refused = apiError(
      429,
      "rate_limited",
      "Trop d'envois depuis cette connexion. Les réponses sont gardées sur le téléphone : " +
        "elles seront envoyées automatiquement un peu plus tard.",
    );
    refused.headers = { "Retry-After": String(decision.retryAfterSeconds) };
    return { refused, refund: () => {} };
  }
  return { refused: null, refund: () => rateLimiter.giveBack("submission", address, policy) };
}

/**
 * What is guessed, each with its own budget per client: wrong council codes (typed at
 * /conseil or in the address /conseil/:code), wrong erasure codes, wrong passwords. A family
 * mistyping erasure codes on a shared Wi-Fi does not stop a class joining a council there,
 * nor a coordinator signing in.
 */
export type GuessKind = "council" | "erasure" | "login";

/**
 * Guessing codes (council sessions, erasure codes): only wrong codes are counted, so a class
 * joining a council from one school Wi-Fi is never stopped. Seconds to wait, or null.
 */
export function codeAttemptsBlocked(
  context: AppLoadContext | undefined,
  kind: Exclude<GuessKind, "login">,
): number | null {
  const address = clientAddress(context);
  if (!address) return null;
  const decision = rateLimiter.check(kind, address, codePolicy());
  return decision.allowed ? null : decision.retryAfterSeconds;
}

/** Counts a wrong code (unknown council code, erasure code matching nothing). */
export function countWrongCode(context: AppLoadContext | undefined, kind: Exclude<GuessKind, "login">): void {
  const address = clientAddress(context);
  if (address) rateLimiter.hit(kind, address, codePolicy());
}

/**
 * The client's budget of wrong passwords (null without an address). Each attempt from a
 * browser unknown for the account takes one before the password is checked, so attempts sent
 * in parallel cannot overrun it; a right password gives it back.
 */
export function loginAddressBudget(
  context: AppLoadContext | undefined,
): { take(): number | null; giveBack(): void } | undefined {
  const address = clientAddress(context);
  if (!address) return undefined;
  return {
    take() {
      const decision = rateLimiter.take("login", address, codePolicy());
      return decision.allowed ? null : decision.retryAfterSeconds;
    },
    giveBack() {
      rateLimiter.giveBack("login", address, codePolicy());
    },
  };
}

/** Minutes to say in "try again in N minutes" (at least 1). */
export function minutesToWait(retryAfterSeconds: number): number {
  return Math.max(1, Math.ceil(retryAfterSeconds / 60));
}
