// Disclosure control for every figure derived from answers (docs/decisions/021): the cell key
// method of the Australian Bureau of Statistics and the ONS, applied to the running totals.
//
// Each response carries a random record key (never shown). A cell (the responses behind one
// figure) has a cell key: the sum of its records' keys, modulo RECORD_KEY_RANGE. The noise
// added to a cell's sums and counts is drawn from that key and the statistic's label, so:
// - the same responses give the same figure in every view (dashboard, report, CSV, API,
//   public page, national view): nothing to average across views or repeated readings;
// - one response more or less gives a fresh draw: subtracting two readings, or a padded group
//   from its known padding, leaves the noise in the result.
// Figures are read from a daily release (release.server.ts), so a group's figures change at
// most once a day: an attacker padding a group gets one fresh draw a day, not one a minute.
//
// Pure: no database, no request. node:crypto only hashes the cell key.

import crypto from "node:crypto";
import type { AggregateCounts } from "./stats";

/** Record keys are integers in [0, RECORD_KEY_RANGE): sums stay exact in a double up to 2^22 responses a cell. */
export const RECORD_KEY_RANGE = 2 ** 31;

/**
 * Every perturbed statistic gets two parts of noise (decision 021):
 * - a **fresh** part drawn from the cell key: the same responses, the same draw; one response
 *   more or less, a new draw. It hides what changed between two readings;
 * - a **persistent** part drawn from the cell's identity (campaign, audience, band, statistic)
 *   and a server secret, which never changes however the responses change. An attacker who
 *   pads a group and averages one fresh draw a day converges to the truth plus this part,
 *   never to the truth.
 * Both are smooth and unbounded (Gaussian for sums, a Gaussian plus two-sided geometric noise
 * for counts): no figure rules a value out with certainty, and no edge of the noise's
 * distribution can be located by averaging.
 */
export const SUM_NOISE = { fresh: 25, persistent: 25 } as const;
/** Sums of squared scores get the same noise, scaled (scores² are up to 100 times larger). */
export const SQUARES_SCALE = 100;
/** Counts: fresh two-sided geometric noise P(k) ∝ α^|k|, plus a persistent Gaussian part, rounded. */
export const COUNT_NOISE_ALPHA = 1 / 3;
export const COUNT_NOISE_PERSISTENT_SD = 1;

/** Standard deviation of the noise on a sum of scores (both parts). */
export const SUM_NOISE_SD = Math.hypot(SUM_NOISE.fresh, SUM_NOISE.persistent);
/** Standard deviation of the noise on a count: √(2α)/(1 − α) for the geometric part, with the persistent one. */
export const COUNT_NOISE_SD = Math.hypot(
  Math.sqrt(2 * COUNT_NOISE_ALPHA) / (1 - COUNT_NOISE_ALPHA),
  COUNT_NOISE_PERSISTENT_SD,
);

/** The cell key of a cell whose records' keys add up to keySum. */
export function cellKey(keySum: number): number {
  return ((keySum % RECORD_KEY_RANGE) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE;
}

/**
 * The persistent identity of a cell: an HMAC of its identity (campaign, audience, band…)
 * under a server secret, so nobody without the secret can compute its persistent noise.
 */
export function cellIdentity(secret: string, ...parts: (string | number)[]): string {
  return crypto.createHmac("sha256", `coeduc:cell:${secret}`).update(parts.join("|")).digest("hex");
}

/** A standard normal draw from two uniforms (Box–Muller). */
export function gaussian(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Two-sided geometric noise from one uniform (inverse of its distribution function). */
export function countNoise(draw: number, alpha = COUNT_NOISE_ALPHA): number {
  const zero = (1 - alpha) / (1 + alpha);
  if (draw < zero) return 0;
  const v = (draw - zero) / (1 - zero); // (0, 1): first half negative, second half positive
  const sign = v < 0.5 ? -1 : 1;
  const w = v < 0.5 ? v * 2 : (v - 0.5) * 2; // (0, 1)
  const size = 1 + Math.floor(Math.log(Math.max(w, Number.MIN_VALUE)) / Math.log(alpha));
  return sign * size;
}

export interface KeyedTotals extends AggregateCounts {
  /** Sum of the cell's record keys. */
  keySum: number;
}

/**
 * Six uniform numbers in (0, 1) from one SHA-256 of the inputs (40 bits each): one hash per
 * part and cell, not one per number (the national view draws about 20,000 of them).
 */
export function uniformsFor(key: number | string, label: string): number[] {
  const digest = crypto.createHash("sha256").update(`${key}|${label}`).digest();
  return [0, 5, 10, 15, 20, 25].map((offset) => (digest.readUIntBE(offset, 5) + 0.5) / 2 ** 40);
}

/** The draws of one cell and label: fresh ones from the cell key, persistent ones from its identity. */
function drawsOf(key: number, identity: string, label: string) {
  const [s1, s2, q1, q2, f] = uniformsFor(key, label) as [number, number, number, number, number];
  const [ps1, ps2, pq1, pq2, pf1, pf2] = uniformsFor(identity, label) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    sum: SUM_NOISE.fresh * gaussian(s1, s2) + SUM_NOISE.persistent * gaussian(ps1, ps2),
    squares: SUM_NOISE.fresh * gaussian(q1, q2) + SUM_NOISE.persistent * gaussian(pq1, pq2),
    count: countNoise(f) + COUNT_NOISE_PERSISTENT_SD * gaussian(pf1, pf2),
  };
}

/**
 * A cell's totals as every view shows them: the sum of scores, the sum of squares and the
 * favourable count perturbed (`label`: the dimension; `identity`: cellIdentity of the cell),
 * n exact. Kept inside what n responses can give (0 ≤ sum ≤ 100·n, 0 ≤ favourable ≤ n, a
 * variance ≥ 0).
 */
export function perturbTotals(t: KeyedTotals, label: string, identity: string): AggregateCounts {
  if (t.n <= 0) return { n: 0, sum: 0, sumSquares: 0, favourable: 0 };
  const noise = drawsOf(cellKey(t.keySum), identity, label);
  const sum = clamp(t.sum + noise.sum, 0, 100 * t.n);
  const sumSquares = clamp(t.sumSquares + SQUARES_SCALE * noise.squares, (sum * sum) / t.n, 10_000 * t.n);
  const favourable = clamp(Math.round(t.favourable + noise.count), 0, t.n);
  return { n: t.n, sum, sumSquares, favourable };
}

/**
 * A count of answers (one value of a choice question) as every view shows it. Cells are
 * perturbed even when empty, or an empty cell would say "nobody chose this" exactly; the
 * group's key enters the fresh draw so that it changes when the group does.
 */
export function perturbCount(
  n: number,
  keySum: number,
  groupKeySum: number,
  label: string,
  identity: string,
): number {
  const key = cellKey(keySum + groupKeySum * 3);
  return Math.max(0, Math.round(n + drawsOf(key, identity, `${label}|count`).count));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
