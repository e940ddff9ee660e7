// Statistics behind the dashboards (docs/indicators.md, "Scoring"). Pure functions: they run on
// the server and in the browser alike, so no Node APIs and no dependencies.

/** Φ⁻¹(0.975) to double precision: the z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Below this many responses no figure is shown (docs/indicators.md, "Small groups"). */
export const MIN_SHOWN = 10;

/** From this many responses a figure is no longer marked indicative. */
export const MIN_RELIABLE = 30;

/**
 * Scores strictly above 50 are favourable; the cut sits 1e-6 above 50 so that a mean of
 * items that is exactly 50 in theory (one "plutôt d'accord" and one "plutôt pas d'accord")
 * but lands a hair above it in floating point is not counted. SQL must use this same value.
 */
export const FAVOURABLE_ABOVE = 50.000001;

/** Whether one response's dimension score (0–100) counts as favourable (see FAVOURABLE_ABOVE). */
export function isFavourable(score: number): boolean {
  return score > FAVOURABLE_ABOVE;
}

function assertCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  }
}

function assertZ(z: number): void {
  if (!Number.isFinite(z) || z < 0) throw new RangeError(`z must be finite and ≥ 0, got ${z}`);
}

/** Round half away from zero, after absorbing floating-point noise (62.24999999999999 → 62.25 → 62.3). */
function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  // Two clean-ups at 12 significant digits: one for noise in the value, one for the
  // multiplication itself (1.005 × 100 = 100.49999999999999 in binary).
  const scaled = Number((Number(value.toPrecision(12)) * factor).toPrecision(12));
  return (Math.sign(scaled) * Math.round(Math.abs(scaled))) / factor;
}

/**
 * Wilson score interval for a proportion successes / n, bounds in [0, 1]; n = 0 gives the
 * uninformative [0, 1]. Chosen over the Wald interval because it stays sensible near 0 %
 * and 100 % and for the small groups (10–29) the dashboards still show (Newcombe 1998).
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  assertCount(n, "n");
  assertZ(z);
  if (!Number.isFinite(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be between 0 and n = ${n}, got ${successes}`);
  }
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 and n the exact bound is 0 or 1; the formula only reaches it up to rounding.
  const lower = successes === 0 ? 0 : Math.max(0, centre - halfWidth);
  const upper = successes === n ? 1 : Math.min(1, centre + halfWidth);
  return [lower, upper];
}

/**
 * p1 − p2 for two independent proportions, with Newcombe's hybrid score interval (method 10
 * of Newcombe 1998, built from the two Wilson intervals). Either n = 0 → difference NaN and
 * the uninformative interval [−1, 1].
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = Z95,
): { difference: number; ci: [number, number] } {
  const [l1, u1] = wilsonInterval(x1, n1, z);
  const [l2, u2] = wilsonInterval(x2, n2, z);
  if (n1 === 0 || n2 === 0) return { difference: Number.NaN, ci: [-1, 1] };
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  // δ = √((p1 − l1)² + (u2 − p2)²), ε = √((u1 − p1)² + (p2 − l2)²): each side combines
  // the distances to the Wilson bounds that move the difference in that direction.
  const lower = difference - Math.hypot(p1 - l1, u2 - p2);
  const upper = difference + Math.hypot(u1 - p1, p2 - l2);
  return { difference, ci: [Math.max(-1, lower), Math.min(1, upper)] };
}

/** Arithmetic mean; NaN for no values (the caller decides what an empty group shows). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample variance (n − 1 denominator); NaN below 2 values. Two passes, for accuracy. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return squares / (values.length - 1);
}

/**
 * mean(a) − mean(b) with Welch's standard error √(s²a/na + s²b/nb) and a normal quantile
 * rather than Student's t with Welch–Satterthwaite degrees of freedom: the groups compared
 * always have at least 10 responses (smaller ones are hidden), where t and z differ little
 * (t₀.₉₇₅ at 18 df is 2.10 against 1.96) and the normal keeps this pure and browser-side.
 * Interval is [NaN, NaN] when a group has fewer than 2 values.
 */
export function meanDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  z = Z95,
): { difference: number; ci: [number, number] } {
  assertZ(z);
  const difference = mean(a) - mean(b);
  const standardError = Math.sqrt(sampleVariance(a) / a.length + sampleVariance(b) / b.length);
  return { difference, ci: [difference - z * standardError, difference + z * standardError] };
}

/**
 * Cronbach's alpha, k/(k−1) × (1 − Σ item variances / variance of totals), sample variances.
 * rows = respondents with complete answers, columns = items. null with fewer than 2 items,
 * fewer than 2 rows, or no spread in the totals (alpha is undefined there). Not clamped:
 * a negative alpha is a real signal (items pulling against each other, or a missed reverse-coding).
 */
export function cronbachAlpha(rows: readonly (readonly number[])[]): number | null {
  const first = rows[0];
  if (first === undefined || rows.length < 2) return null;
  const k = first.length;
  if (k < 2) return null;
  for (const row of rows) {
    if (row.length !== k) throw new RangeError(`every row must have ${k} items, got ${row.length}`);
  }
  let itemVariances = 0;
  for (let item = 0; item < k; item += 1) {
    itemVariances += sampleVariance(rows.map((row) => row[item] as number));
  }
  const totals = rows.map((row) => row.reduce((sum, value) => sum + value, 0));
  const totalVariance = sampleVariance(totals);
  // "Zero" up to rounding: totals equal in theory can differ by ~1e-14 in binary, which
  // would otherwise turn into a huge, meaningless alpha.
  let scale = 1; // a loop, not Math.max(...totals): spreading 100 000 arguments overflows the stack
  for (const total of totals) scale = Math.max(scale, Math.abs(total));
  if (!(totalVariance > (1e-9 * scale) ** 2)) return null;
  return (k / (k - 1)) * (1 - itemVariances / totalVariance);
}

export type SizeStatus = "hidden" | "indicative" | "ok";

/** n < 10 hidden, 10–29 indicative, ≥ 30 ok (docs/indicators.md, "Small groups"). */
export function sizeStatus(n: number): SizeStatus {
  if (!(n >= MIN_SHOWN)) return "hidden"; // also NaN
  return n < MIN_RELIABLE ? "indicative" : "ok";
}

export interface GroupIndicator {
  n: number;
  mean: number;
  favourable: number;
  ci: [number, number];
  status: SizeStatus;
}

export interface AggregateCounts {
  n: number;
  sum: number;
  sumSquares: number;
  favourable: number;
}

/**
 * A group's figure from its per-response dimension scores (0–100): n, mean (1 decimal), share
 * of favourable responses (3 decimals) and its Wilson 95 % interval (3 decimals). "Favourable"
 * is the project's response-level reading of "top two points": a score strictly above 50, i.e.
 * on average on the agreeing side ("plutôt" or "tout à fait d'accord"; "oui" on three points).
 * Hides nothing itself: suppression (suppression.ts) decides what is shown.
 */
export function groupIndicator(scores: readonly number[]): GroupIndicator {
  let sum = 0;
  let sumSquares = 0;
  let favourable = 0;
  for (const score of scores) {
    // A score outside 0–100 is an upstream bug; a quiet wrong mean would be worse.
    if (!(score >= 0 && score <= 100)) throw new RangeError(`a score must be in 0–100, got ${score}`);
    sum += score;
    sumSquares += score * score;
    if (isFavourable(score)) favourable += 1;
  }
  return indicatorFromAggregates({ n: scores.length, sum, sumSquares, favourable });
}

/**
 * The same figure as groupIndicator from SQL aggregates (COUNT(*), SUM(score),
 * SUM(score * score), SUM(score > FAVOURABLE_ABOVE)), so a dashboard never loads the scores.
 * n = 0 → mean and favourable NaN, ci [0, 1], status hidden. sumSquares is not needed here;
 * it rides along so one aggregate row also feeds variances (wave comparisons).
 */
export function indicatorFromAggregates(a: AggregateCounts): GroupIndicator {
  assertCount(a.n, "n");
  assertCount(a.favourable, "favourable");
  if (a.favourable > a.n) throw new RangeError(`favourable (${a.favourable}) exceeds n (${a.n})`);
  if (!Number.isFinite(a.sum)) throw new RangeError(`sum must be finite, got ${a.sum}`);
  const [lower, upper] = wilsonInterval(a.favourable, a.n);
  return {
    n: a.n,
    mean: a.n === 0 ? Number.NaN : roundTo(a.sum / a.n, 1),
    favourable: a.n === 0 ? Number.NaN : roundTo(a.favourable / a.n, 3),
    ci: [roundTo(lower, 3), roundTo(upper, 3)],
    status: sizeStatus(a.n),
  };
}
