// Small-group protection (docs/indicators.md, "Small groups"): no figure for fewer than 10
// responses may be seen, nor derived by subtracting shown figures from a shown total.
// Hiding a cell means hiding every figure of it (n, mean, share, interval), not only n:
// a shown mean and n give the cell's sum of scores, which differences like n does.

import { MIN_SHOWN } from "./stats";

export interface Cell<K extends string = string> {
  key: K;
  n: number;
}

/** Whether a figure from n responses may be shown at all (n ≥ 10); not a differencing check. */
export function isShown(n: number): boolean {
  return n >= MIN_SHOWN;
}

/** Throws unless n is a count (a non-negative integer); `what` names the cell in the message. */
export function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
}

/**
 * The keys to hide in a partition whose parts add up to a shown total (complementary
 * suppression): every cell with 0 < n < 10, then the smallest other cells until the hidden
 * ones are at least two and 10 responses together, so total − shown cells reveals no small
 * group. Zeros are shown; a total under 10 hides everything (hide the total too: isShown).
 * totalShown: false only when the total is nowhere the viewer can see it (other pages,
 * exports, the group's own n count): then only the cells under 10 are hidden.
 */
export function suppressPartition<K extends string>(
  cells: readonly Cell<K>[],
  options: { totalShown?: boolean } = {},
): Set<K> {
  const totalShown = options.totalShown ?? true;
  const keys = new Set<K>();
  let total = 0;
  for (const cell of cells) {
    assertCount(cell.n, cell.key);
    if (keys.has(cell.key)) throw new RangeError(`duplicate key ${cell.key}`);
    keys.add(cell.key);
    total += cell.n;
  }
  if (totalShown && total < MIN_SHOWN) return keys;

  const hidden = new Set<K>();
  let hiddenN = 0;
  for (const cell of cells) {
    if (cell.n > 0 && cell.n < MIN_SHOWN) {
      hidden.add(cell.key);
      hiddenN += cell.n;
    }
  }
  if (!totalShown) return hidden;

  // One hidden cell is total − the others; two hidden cells under 10 together give a sum
  // under 10. Each extra cell hidden is the smallest, to lose as little as possible.
  while (hidden.size > 0 && (hidden.size === 1 || hiddenN < MIN_SHOWN)) {
    let next: Cell<K> | undefined;
    for (const cell of cells) {
      if (cell.n > 0 && !hidden.has(cell.key) && (next === undefined || cell.n < next.n)) next = cell;
    }
    if (next === undefined) return keys; // cannot happen with a total ≥ 10; safe if it does
    hidden.add(next.key);
    hiddenN += next.n;
  }
  return hidden;
}
