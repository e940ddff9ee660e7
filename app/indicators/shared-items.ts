// Waves compared across questionnaire versions (decision 029): a dimension is compared on the
// scored items both questionnaires ask, each response rescored on them. Pure.
import type { Dimension } from "~/surveys/audiences";

/** Fewer shared items than this, and a dimension is not compared across versions. */
export const MIN_SHARED_ITEMS = 2;

/**
 * The noise label of a score on some items of a dimension: a statistic of its own, with its
 * own fresh and persistent draws (decision 029), never the dimension's.
 */
export function sharedLabel(dimension: Dimension, items: readonly string[]): string {
  return `${dimension}|shared|${[...items].sort().join(",")}`;
}
