import type { Dimension } from "~/surveys/audiences";
import type { ScoredItem } from "~/surveys/definition";

/**
 * One item's score on 0–100, after reverse-coding; `null` when the answer is missing,
 * "don't know" (any non-numeric value) or outside the item's range.
 */
export function itemScore(value: unknown, item: ScoredItem): number | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  if (value < item.min || value > item.max) return null;
  const oriented = item.reverse ? item.max + item.min - value : value;
  return ((oriented - item.min) / (item.max - item.min)) * 100;
}

export type DimensionScores = Partial<Record<Dimension, number>>;

/**
 * Dimension scores of one response: the mean of its answered items, only when at least
 * half of the dimension's items are answered (the SF-36 "half rule"); else no score.
 */
export function scoreResponse(
  answers: Record<string, unknown>,
  scoring: Record<string, ScoredItem>,
): DimensionScores {
  const byDimension = new Map<Dimension, { total: number; scores: number[] }>();
  for (const [question, item] of Object.entries(scoring)) {
    const entry = byDimension.get(item.dimension) ?? { total: 0, scores: [] };
    entry.total += 1;
    const score = itemScore(answers[question], item);
    if (score !== null) entry.scores.push(score);
    byDimension.set(item.dimension, entry);
  }
  const result: DimensionScores = {};
  for (const [dimension, { total, scores }] of byDimension) {
    if (scores.length > 0 && scores.length * 2 >= total) {
      result[dimension] = scores.reduce((a, b) => a + b, 0) / scores.length;
    }
  }
  return result;
}
