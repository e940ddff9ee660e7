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
 * Noise on a sum of scores (0–100 each): a random sign times FLOOR + an exponential tail of
 * mean TAIL. Never less than FLOOR in size, so subtracting known responses from a padded
 * group leaves at least 12 points of error on the one unknown score; unbounded, so no
 * observed figure rules a value out with certainty.
 */
export const SUM_NOISE = { floor: 12, tail: 8 } as const;
/** Sums of squared scores get the same shape of noise, scaled (scores² are up to 100 times larger). */
export const SQUARES_SCALE = 100;
/**
 * Noise on counts (favourable answers, answers to a choice): two-sided geometric,
 * P(k) ∝ α^|k|. Any observed count is at most 1/α = 3 times likelier under one value of a
 * person's answer than under another: a flag is never known with certainty.
 */
export const COUNT_NOISE_ALPHA = 1 / 3;

/** Standard deviation of the count noise: √(2α) / (1 − α). */
export const COUNT_NOISE_SD = Math.sqrt(2 * COUNT_NOISE_ALPHA) / (1 - COUNT_NOISE_ALPHA);
/** Standard deviation of the sum noise: √E[(floor + tail·X)²], X ~ Exp(1). */
export const SUM_NOISE_SD = Math.sqrt(
  SUM_NOISE.floor ** 2 + 2 * SUM_NOISE.floor * SUM_NOISE.tail + 2 * SUM_NOISE.tail ** 2,
);

/** The cell key of a cell whose records' keys add up to keySum. */
export function cellKey(keySum: number): number {
  return ((keySum % RECORD_KEY_RANGE) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE;
}

/** A uniform number in (0, 1), fixed by the cell key and the labels (48 bits of SHA-256). */
export function uniformFor(key: number, ...labels: string[]): number {
  const digest = crypto
    .createHash("sha256")
    .update(`${key}|${labels.join("|")}`)
    .digest();
  return (digest.readUIntBE(0, 6) + 0.5) / 2 ** 48;
}

/** Sum noise from two uniforms: sign from the first, size from the second. */
export function sumNoise(signDraw: number, sizeDraw: number): number {
  const size = SUM_NOISE.floor - SUM_NOISE.tail * Math.log(sizeDraw);
  return signDraw < 0.5 ? -size : size;
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
 * A cell's totals as every view shows them: the sum of scores, the sum of squares and the
 * favourable count perturbed by noise fixed by the cell key and `label` (the dimension), n
 * exact. Kept inside what n responses can give (0 ≤ sum ≤ 100·n, 0 ≤ favourable ≤ n, a
 * variance ≥ 0).
 */
export function perturbTotals(t: KeyedTotals, label: string): AggregateCounts {
  if (t.n <= 0) return { n: 0, sum: 0, sumSquares: 0, favourable: 0 };
  const key = cellKey(t.keySum);
  const sum = clamp(
    t.sum + sumNoise(uniformFor(key, label, "sum-sign"), uniformFor(key, label, "sum-size")),
    0,
    100 * t.n,
  );
  const squaresNoise =
    SQUARES_SCALE * sumNoise(uniformFor(key, label, "sq-sign"), uniformFor(key, label, "sq-size"));
  const sumSquares = clamp(t.sumSquares + squaresNoise, (sum * sum) / t.n, 10_000 * t.n);
  const favourable = clamp(t.favourable + countNoise(uniformFor(key, label, "favourable")), 0, t.n);
  return { n: t.n, sum, sumSquares, favourable };
}

/**
 * A count of answers (one value of a choice question) as every view shows it. Cells are
 * perturbed even when empty, or an empty cell would say "nobody chose this" exactly; the
 * group's key enters the draw so that empty cells of different groups differ.
 */
export function perturbCount(n: number, keySum: number, groupKeySum: number, label: string): number {
  const noise = countNoise(uniformFor(cellKey(keySum), String(cellKey(groupKeySum)), label, "count"));
  return Math.max(0, n + noise);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
