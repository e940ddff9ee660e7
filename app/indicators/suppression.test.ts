import { describe, expect, it } from "vitest";
import { type Cell, isShown, suppressPartition } from "./suppression";
import { suppressTable } from "./table-suppression";
import { seededRandom } from "~/demo/seeded-random";

/** A count with many small groups: 15 % zero, 35 % 1–9, 50 % 10–49. */
function randomCount(random: () => number): number {
  const u = random();
  if (u < 0.15) return 0;
  if (u < 0.5) return 1 + Math.floor(random() * 9);
  return 10 + Math.floor(random() * 40);
}

describe("isShown", () => {
  it("shows a figure from 10 responses, never from 9", () => {
    expect(isShown(9)).toBe(false);
    expect(isShown(10)).toBe(true);
    expect(isShown(0)).toBe(false);
  });
});

describe("suppressPartition", () => {
  /**
   * What a viewer gets back by differencing: the shown total minus the shown cells is the
   * sum over the hidden cells, in responses and (from shown means × n) in score points.
   */
  function difference(cells: readonly (Cell & { sum: number })[], hidden: ReadonlySet<string>) {
    const shown = cells.filter((cell) => !hidden.has(cell.key));
    const total = { n: cells.reduce((a, c) => a + c.n, 0), sum: cells.reduce((a, c) => a + c.sum, 0) };
    return {
      n: total.n - shown.reduce((a, c) => a + c.n, 0),
      sum: total.sum - shown.reduce((a, c) => a + c.sum, 0),
      cells: cells.filter((cell) => hidden.has(cell.key) && cell.n > 0).length,
    };
  }

  it("young people, 25 = 18 (12–14) + 7 (15–17): hiding the 7 alone is undone by 25 − 18, so both go", () => {
    const cells = [
      { key: "12-14", n: 18, sum: 18 * 62 },
      { key: "15-17", n: 7, sum: 7 * 40 },
    ];
    // Primary suppression alone: the viewer recovers n = 7 and the mean of 40 exactly.
    const naive = difference(cells, new Set(["15-17"]));
    expect(naive).toEqual({ n: 7, sum: 280, cells: 1 });
    expect(naive.sum / naive.n).toBe(40);

    const hidden = suppressPartition(cells);
    expect(hidden).toEqual(new Set(["12-14", "15-17"]));
    // Now only the whole group comes back, which is shown anyway.
    expect(difference(cells, hidden)).toMatchObject({ n: 25, cells: 2 });
  });

  it("hides nothing when every cell has 10 or more", () => {
    expect(
      suppressPartition([
        { key: "a", n: 10 },
        { key: "b", n: 31 },
        { key: "c", n: 12 },
      ]).size,
    ).toBe(0);
  });

  it("shows zeros as zero and never counts them as hidden cells", () => {
    // The zeros cannot be the second hidden cell: 35 − 30 = 5 would give b back.
    expect(
      suppressPartition([
        { key: "a", n: 0 },
        { key: "b", n: 5 },
        { key: "c", n: 30 },
        { key: "d", n: 0 },
      ]),
    ).toEqual(new Set(["b", "c"]));
    expect(
      suppressPartition([
        { key: "a", n: 0 },
        { key: "b", n: 0 },
        { key: "c", n: 40 },
        { key: "d", n: 3 },
      ]),
    ).toEqual(new Set(["c", "d"]));
    expect(
      suppressPartition([
        { key: "a", n: 0 },
        { key: "b", n: 12 },
      ]).size,
    ).toBe(0);
  });

  it("hides everything, zeros included, when the total is under 10", () => {
    expect(
      suppressPartition([
        { key: "a", n: 3 },
        { key: "b", n: 4 },
        { key: "c", n: 0 },
      ]),
    ).toEqual(new Set(["a", "b", "c"]));
    expect(
      suppressPartition([
        { key: "a", n: 0 },
        { key: "b", n: 0 },
      ]),
    ).toEqual(new Set(["a", "b"]));
    expect(suppressPartition([{ key: "a", n: 9 }])).toEqual(new Set(["a"]));
    expect(suppressPartition([])).toEqual(new Set());
  });

  it("adds a cell when two hidden cells hold fewer than 10 together", () => {
    // 3 + 4 = 7 would come back as one small group; the smallest visible (12) joins them.
    expect(
      suppressPartition([
        { key: "a", n: 3 },
        { key: "b", n: 4 },
        { key: "c", n: 15 },
        { key: "d", n: 12 },
      ]),
    ).toEqual(new Set(["a", "b", "d"]));
    expect(
      suppressPartition([
        { key: "a", n: 4 },
        { key: "b", n: 6 },
        { key: "c", n: 30 },
      ]),
    ).toEqual(new Set(["a", "b"]));
  });

  it("breaks ties by input order", () => {
    expect(
      suppressPartition([
        { key: "a", n: 5 },
        { key: "b", n: 20 },
        { key: "c", n: 20 },
      ]),
    ).toEqual(new Set(["a", "b"]));
    expect(
      suppressPartition([
        { key: "a", n: 5 },
        { key: "c", n: 20 },
        { key: "b", n: 20 },
      ]),
    ).toEqual(new Set(["a", "c"]));
  });

  it("applies only primary suppression when the total is shown nowhere", () => {
    expect(
      suppressPartition(
        [
          { key: "a", n: 5 },
          { key: "b", n: 30 },
        ],
        { totalShown: false },
      ),
    ).toEqual(new Set(["a"]));
    expect(
      suppressPartition(
        [
          { key: "a", n: 3 },
          { key: "b", n: 0 },
        ],
        { totalShown: false },
      ),
    ).toEqual(new Set(["a"]));
  });

  it("refuses counts that are not counts, and duplicate keys", () => {
    expect(() => suppressPartition([{ key: "a", n: -1 }])).toThrow(RangeError);
    expect(() => suppressPartition([{ key: "a", n: 2.5 }])).toThrow(RangeError);
    expect(() => suppressPartition([{ key: "a", n: Number.NaN }])).toThrow(RangeError);
    expect(() =>
      suppressPartition([
        { key: "a", n: 12 },
        { key: "a", n: 12 },
      ]),
    ).toThrow(RangeError);
  });

  it("adversarial: over 500 random partitions, differencing never gives back a small group", () => {
    const random = seededRandom(20261126);
    let protectedCases = 0;
    for (let trial = 0; trial < 500; trial += 1) {
      const size = 1 + Math.floor(random() * 7);
      const cells = Array.from({ length: size }, (_, i) => {
        const n = randomCount(random);
        // Per-response scores 0–100, so that means can be differenced as well as counts.
        let sum = 0;
        for (let k = 0; k < n; k += 1) sum += Math.floor(random() * 4) * (100 / 3);
        return { key: `k${i}`, n, sum };
      });
      const total = cells.reduce((a, c) => a + c.n, 0);
      const hidden = suppressPartition(cells);
      const context = JSON.stringify(cells.map((c) => c.n));

      // Nothing under 10 is ever on screen.
      for (const cell of cells) {
        if (cell.n > 0 && cell.n < 10) expect(hidden.has(cell.key), context).toBe(true);
      }
      if (total < 10) {
        expect(hidden.size, context).toBe(cells.length);
        continue;
      }
      // Zeros stay visible once the total is shown.
      for (const cell of cells) if (cell.n === 0) expect(hidden.has(cell.key), context).toBe(false);

      // The viewer subtracts every shown cell from the total, for each hidden cell in turn:
      // what comes back is always the sum over the same ≥ 2 hidden cells and ≥ 10 responses.
      const back = difference(cells, hidden);
      for (const cell of cells.filter((c) => hidden.has(c.key))) {
        expect(back.cells, `${context}: ${cell.key} alone`).toBeGreaterThanOrEqual(2);
        expect(back.n, `${context}: ${cell.key} in too small a sum`).toBeGreaterThanOrEqual(10);
        // The score sum recovered (hence the mean) is the whole hidden union's, never the cell's.
        const unionSum = cells.filter((c) => hidden.has(c.key)).reduce((a, c) => a + c.sum, 0);
        expect(back.sum).toBeCloseTo(unionSum, 6);
      }
      // Complementary suppression hides at most one cell beyond the small ones.
      expect(hidden.size - cells.filter((c) => c.n > 0 && c.n < 10).length, context).toBeLessThanOrEqual(1);
      if (hidden.size > 0) protectedCases += 1;
    }
    expect(protectedCases).toBeGreaterThan(200); // the generator does produce small groups
  });
});

// ------------------------------------------------------------------------------------------

type Table = Record<string, Record<string, number>>;
type TableOptions = { rowTotalsShown?: boolean; colTotalsShown?: boolean; grandTotalShown?: boolean };

function tableCells(table: Table) {
  return Object.entries(table).flatMap(([row, cols]) =>
    Object.entries(cols).map(([col, n]) => ({ row, col, n })),
  );
}

/**
 * An independent viewer: it knows every displayed, not hidden figure (and, to be stronger
 * than a real one, every zero), and the equations "cells of a line add up to its total" for
 * every row and column of the table with its margins. A set of hidden figures is computable
 * when the 0/1 vector of that set lies in the span of the equations restricted to the
 * unknowns: plain Gaussian elimination, nothing shared with the library's graph method.
 */
function viewer(table: Table, options: TableOptions, hidden: ReadonlySet<string>) {
  const rows = Object.keys(table);
  const cols = [...new Set(Object.values(table).flatMap((c) => Object.keys(c)))];
  const R = rows.length;
  const C = cols.length;
  const n: number[][] = Array.from({ length: R + 1 }, () => new Array<number>(C + 1).fill(0));
  rows.forEach((row, r) =>
    cols.forEach((col, c) => {
      const v = table[row]![col] ?? 0;
      n[r]![c] = v;
      n[r]![C]! += v;
      n[R]![c]! += v;
      n[R]![C]! += v;
    }),
  );
  const keyOf = (r: number, c: number) => `${r === R ? "" : rows[r]}|${c === C ? "" : cols[c]}`;
  const displayed = (r: number, c: number) =>
    r === R && c === C
      ? (options.grandTotalShown ?? true)
      : c === C
        ? (options.rowTotalsShown ?? true)
        : r === R
          ? (options.colTotalsShown ?? true)
          : true;
  const onScreen = (r: number, c: number) => displayed(r, c) && !hidden.has(keyOf(r, c));
  const unknown: [number, number][] = [];
  for (let r = 0; r <= R; r += 1)
    for (let c = 0; c <= C; c += 1) if (n[r]![c]! > 0 && !onScreen(r, c)) unknown.push([r, c]);
  // Line equations over the unknowns: +1 for a part, −1 for the line's total.
  const equations: number[][] = [];
  for (let r = 0; r <= R; r += 1) equations.push(unknown.map(([a, b]) => (a === r ? (b === C ? -1 : 1) : 0)));
  for (let c = 0; c <= C; c += 1) equations.push(unknown.map(([a, b]) => (b === c ? (a === R ? -1 : 1) : 0)));
  const baseRank = rank(equations);
  return {
    n,
    R,
    C,
    unknown,
    displayed,
    onScreen,
    computable(subset: readonly number[]): boolean {
      const target = unknown.map((_, j) => (subset.includes(j) ? 1 : 0));
      return rank([...equations, target]) === baseRank;
    },
  };
}

function rank(matrix: readonly number[][]): number {
  const a = matrix.map((row) => [...row]);
  const width = a[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < width && r < a.length; c += 1) {
    let pivot = r;
    for (let i = r + 1; i < a.length; i += 1) if (Math.abs(a[i]![c]!) > Math.abs(a[pivot]![c]!)) pivot = i;
    if (Math.abs(a[pivot]![c]!) < 1e-9) continue;
    [a[r], a[pivot]] = [a[pivot]!, a[r]!];
    for (let i = 0; i < a.length; i += 1) {
      if (i === r) continue;
      const f = a[i]![c]! / a[r]![c]!;
      for (let k = c; k < width; k += 1) a[i]![k]! -= f * a[r]![k]!;
    }
    r += 1;
  }
  return r;
}

/** Every hidden figure, and every set of hidden figures under 10 responses, the viewer can compute. */
function leaks(table: Table, options: TableOptions, hidden: ReadonlySet<string>): string[] {
  const v = viewer(table, options, hidden);
  const found: string[] = [];
  const name = (j: number) => {
    const [r, c] = v.unknown[j]!;
    return `(${r},${c})=${v.n[r]![c]}`;
  };
  // A single hidden figure that must stay unknown: anything under 10, anything suppressed.
  v.unknown.forEach(([r, c], j) => {
    const mustStayUnknown = v.n[r]![c]! < 10 || v.displayed(r, c);
    if (mustStayUnknown && v.computable([j])) found.push(`cell ${name(j)}`);
  });
  // Sets of hidden figures holding fewer than 10 responses together.
  const small = v.unknown.map((_, j) => j).filter((j) => v.n[v.unknown[j]![0]]![v.unknown[j]![1]]! < 10);
  const mass = (j: number) => v.n[v.unknown[j]![0]]![v.unknown[j]![1]]!;
  const search = (from: number, chosen: number[], total: number) => {
    for (let i = from; i < small.length; i += 1) {
      const j = small[i]!;
      if (total + mass(j) >= 10) continue;
      const next = [...chosen, j];
      if (next.length >= 2 && v.computable(next)) found.push(`sum ${next.map(name).join(" + ")}`);
      search(i + 1, next, total + mass(j));
    }
  };
  search(0, [], 0);
  return found;
}

/** The partition rule in every fully displayed line whose total is on screen. */
function lineViolations(table: Table, options: TableOptions, hidden: ReadonlySet<string>): string[] {
  const v = viewer(table, options, hidden);
  const violations: string[] = [];
  const check = (parts: [number, number][], total: [number, number], label: string) => {
    if (!v.onScreen(...total) || !parts.every(([r, c]) => v.displayed(r, c))) return;
    const hiddenParts = parts.filter(([r, c]) => v.n[r]![c]! > 0 && !v.onScreen(r, c));
    const mass = hiddenParts.reduce((a, [r, c]) => a + v.n[r]![c]!, 0);
    if (hiddenParts.length === 1 || (hiddenParts.length > 1 && mass < 10)) violations.push(label);
  };
  for (let r = 0; r <= v.R; r += 1) {
    check(
      Array.from({ length: v.C }, (_, c) => [r, c]),
      [r, v.C],
      `row ${r}`,
    );
  }
  for (let c = 0; c <= v.C; c += 1) {
    check(
      Array.from({ length: v.R }, (_, r) => [r, c]),
      [v.R, c],
      `col ${c}`,
    );
  }
  return violations;
}

describe("suppressTable", () => {
  it("protects rows and columns together, to a fixed point (weeks × audiences)", () => {
    const table = {
      W1: { P: 5, Y: 20, A: 30 },
      W2: { P: 25, Y: 12, A: 40 },
      W3: { P: 30, Y: 35, A: 50 },
    };
    // W1|P (5) is primary. Row W1 then has one hidden cell → its smallest other, W1|Y (20).
    // Column P has one → W2|P (25); column Y now has one (W1|Y) → W2|Y (12). Row W2 has two
    // hidden cells, 37 responses: every row and column holds, nothing changes any more.
    const hidden = suppressTable(tableCells(table));
    expect(hidden).toEqual(new Set(["W1|P", "W1|Y", "W2|P", "W2|Y"]));
    expect(lineViolations(table, {}, hidden)).toEqual([]);
    expect(leaks(table, {}, hidden)).toEqual([]);
  });

  it("also closes a cell that rows and columns solve together (a bridge), which the line rule misses", () => {
    // Two blocks of four hidden 5s, joined by r2|c3 (5). Every row and column has two or more
    // hidden cells and 10 or more responses, yet r2|c3 = (row r2) − (col c1 + col c2 − row r1).
    const table = {
      r1: { c1: 5, c2: 5, c3: 50, c4: 51 },
      r2: { c1: 5, c2: 5, c3: 5, c4: 52 },
      r3: { c1: 53, c2: 54, c3: 5, c4: 5 },
      r4: { c1: 55, c2: 56, c3: 5, c4: 5 },
      r5: { c1: 57, c2: 58, c3: 59, c4: 60 },
    };
    const primaries = new Set([
      "r1|c1",
      "r1|c2",
      "r2|c1",
      "r2|c2",
      "r2|c3",
      "r3|c3",
      "r3|c4",
      "r4|c3",
      "r4|c4",
    ]);
    expect(lineViolations(table, {}, primaries)).toEqual([]);
    // The attack on the line rule's result, by hand: residual = total − shown cells.
    const rowResidual = (row: keyof typeof table, hidden: ReadonlySet<string>) =>
      Object.entries(table[row]).reduce((a, [col, n]) => a + (hidden.has(`${row}|${col}`) ? n : 0), 0);
    const colResidual = (col: "c1" | "c2", hidden: ReadonlySet<string>) =>
      Object.entries(table).reduce((a, [row, cols]) => a + (hidden.has(`${row}|${col}`) ? cols[col] : 0), 0);
    const attack = (hidden: ReadonlySet<string>) =>
      rowResidual("r2", hidden) -
      (colResidual("c1", hidden) + colResidual("c2", hidden) - rowResidual("r1", hidden));
    expect(attack(primaries)).toBe(5);
    expect(leaks(table, {}, primaries)).toContain("cell (1,2)=5");

    const hidden = suppressTable(tableCells(table));
    // The cheapest way round: r1|c3 (50) puts r2|c3 on a cycle r2–c1–r1–c3–r2.
    expect(hidden).toEqual(new Set([...primaries, "r1|c3"]));
    expect(attack(hidden)).not.toBe(5);
    expect(leaks(table, {}, hidden)).toEqual([]);
  });

  it("closes a small sum that several lines give together: two columns minus a row", () => {
    // Row totals 17 and 42, column totals 9, 14, 19, 17. A hidden set that satisfies every
    // row and column, yet with r1|c1 (11) shown the viewer computes
    // r0|c2 + r0|c3 = (19 + 17) − (42 − 11 − 0) = 5.
    const table = { r0: { c0: 9, c1: 3, c2: 2, c3: 3 }, r1: { c0: 0, c1: 11, c2: 17, c3: 14 } };
    const rowsAndColumnsHold = new Set([
      "r0|c0",
      "r0|c1",
      "r0|c2",
      "r0|c3",
      "r1|c0",
      "r1|c2",
      "r1|c3",
      "|c0",
      "|c1",
    ]);
    expect(lineViolations(table, {}, rowsAndColumnsHold)).toEqual([]);
    expect(leaks(table, {}, rowsAndColumnsHold)).toContain("sum (0,2)=2 + (0,3)=3");

    const hidden = suppressTable(tableCells(table));
    expect(hidden).toEqual(new Set([...rowsAndColumnsHold, "r1|c1"]));
    expect(leaks(table, {}, hidden)).toEqual([]);
  });

  it("closes a small sum that no line gives: the group's n minus everything shown", () => {
    // No row or column totals on screen, so the line rule has nothing to work on; but the
    // group's n (130) is, and 130 − every shown cell = w0|a0 + w4|a1 = 3 + 5 = 8.
    const table = {
      w0: { a0: 3, a1: 22 },
      w1: { a0: 37, a1: 32 },
      w2: { a0: 23, a1: 35 },
      w3: { a0: 12, a1: 34 },
      w4: { a0: 19, a1: 5 },
    };
    const noMargins = { rowTotalsShown: false, colTotalsShown: false };
    expect(leaks(table, noMargins, new Set(["w0|a0", "w4|a1"]))).toEqual(["sum (0,0)=3 + (4,1)=5"]);
    // The smallest shown cell joins them: 130 − shown = 3 + 5 + 12 = 20.
    const hidden = suppressTable(tableCells(table), noMargins);
    expect(hidden).toEqual(new Set(["w0|a0", "w3|a0", "w4|a1"]));
    expect(leaks(table, noMargins, hidden)).toEqual([]);
  });

  it("hides a row total under 10, and another row total so the grand total does not give it back", () => {
    const table = { A: { x: 3, y: 4 }, B: { x: 20, y: 30 }, C: { x: 25, y: 40 } };
    // Row A (7) goes whole, total included. Its hidden x and y each need a partner in their
    // column: B|x, B|y. The row totals add up to the shown 122: A| alone would be 122 − 50 − 65,
    // so B| goes too.
    const hidden = suppressTable(tableCells(table));
    expect(hidden).toEqual(new Set(["A|", "A|x", "A|y", "B|", "B|x", "B|y"]));
    expect(leaks(table, {}, hidden)).toEqual([]);

    // Without column totals, the row totals and the grand total still tie the rows together.
    const rowsOnly = { colTotalsShown: false };
    const hiddenRowsOnly = suppressTable(tableCells(table), rowsOnly);
    expect(hiddenRowsOnly).toEqual(new Set(["A|", "A|x", "A|y", "B|", "B|x"]));
    expect(leaks(table, rowsOnly, hiddenRowsOnly)).toEqual([]);
  });

  it("applies only primary suppression when no total of any kind is on screen", () => {
    const table = { W1: { P: 5, Y: 20, A: 30 }, W2: { P: 25, Y: 12, A: 40 } };
    const nothing = { rowTotalsShown: false, colTotalsShown: false, grandTotalShown: false };
    expect(suppressTable(tableCells(table), nothing)).toEqual(new Set(["W1|P"]));
    expect(leaks(table, nothing, new Set(["W1|P"]))).toEqual([]);
  });

  it("assumes the grand total is known unless told otherwise (the group's n is on every dashboard)", () => {
    const table = { W1: { P: 5, Y: 20, A: 30 }, W2: { P: 25, Y: 12, A: 40 } };
    const noMargins = { rowTotalsShown: false, colTotalsShown: false };
    // 132 − every shown cell = W1|P: one more cell must go.
    expect(leaks(table, noMargins, new Set(["W1|P"]))).toContain("cell (0,0)=5");
    const hidden = suppressTable(tableCells(table), noMargins);
    expect(hidden).toEqual(new Set(["W1|P", "W1|Y"]));
    expect(leaks(table, noMargins, hidden)).toEqual([]);
  });

  it("on a single row, hides what suppressPartition hides, plus the column totals that repeat it", () => {
    const cells = [
      { key: "12-14", n: 18 },
      { key: "15-17", n: 7 },
      { key: "other", n: 30 },
    ];
    const partition = suppressPartition(cells);
    const table = suppressTable(cells.map(({ key, n }) => ({ row: "Y", col: key, n })));
    expect(table).toEqual(
      new Set([...[...partition].map((key) => `Y|${key}`), ...[...partition].map((key) => `|${key}`)]),
    );
  });

  it("hides nothing in a table of large cells, and treats missing pairs as zero", () => {
    expect(suppressTable(tableCells({ a: { x: 10, y: 20 }, b: { x: 30, y: 40 } })).size).toBe(0);
    expect(suppressTable(tableCells({ a: { x: 10 }, b: { y: 40 } })).size).toBe(0);
    expect(suppressTable([])).toEqual(new Set());
  });

  it("refuses keys that would make `${row}|${col}` ambiguous, duplicates and bad counts", () => {
    expect(() => suppressTable([{ row: "a|b", col: "c", n: 12 }])).toThrow(RangeError);
    expect(() => suppressTable([{ row: "", col: "c", n: 12 }])).toThrow(RangeError);
    expect(() =>
      suppressTable([
        { row: "a", col: "c", n: 12 },
        { row: "a", col: "c", n: 3 },
      ]),
    ).toThrow(RangeError);
    expect(() => suppressTable([{ row: "a", col: "c", n: -3 }])).toThrow(RangeError);
  });

  it("adversarial: over 300 random tables, no hidden figure and no hidden sum under 10 can be computed", () => {
    const random = seededRandom(4242);
    let hiddenSomething = 0;
    for (let trial = 0; trial < 300; trial += 1) {
      const rows = 1 + Math.floor(random() * 5);
      const cols = 1 + Math.floor(random() * 5);
      const table: Table = {};
      for (let r = 0; r < rows; r += 1) {
        table[`w${r}`] = {};
        for (let c = 0; c < cols; c += 1) table[`w${r}`]![`a${c}`] = randomCount(random);
      }
      const options: TableOptions = {
        rowTotalsShown: random() < 0.7,
        colTotalsShown: random() < 0.7,
        grandTotalShown: random() < 0.8,
      };
      const hidden = suppressTable(tableCells(table), options);
      const context = JSON.stringify({ table, options, hidden: [...hidden] });
      const v = viewer(table, options, hidden);

      // Nothing under 10 on screen; only displayed figures are ever reported hidden.
      for (let r = 0; r <= v.R; r += 1) {
        for (let c = 0; c <= v.C; c += 1) {
          const n = v.n[r]![c]!;
          if (n > 0 && n < 10) expect(v.onScreen(r, c), context).toBe(false);
        }
      }
      for (const key of hidden) {
        const [row, col] = key.split("|") as [string, string];
        const r = row === "" ? v.R : Object.keys(table).indexOf(row);
        const c = col === "" ? v.C : Object.keys(table.w0!).indexOf(col);
        expect(r >= 0 && c >= 0 && v.displayed(r, c), `${context}: ${key}`).toBe(true);
      }
      expect(lineViolations(table, options, hidden), context).toEqual([]);
      expect(leaks(table, options, hidden), context).toEqual([]);
      if (hidden.size > 0) hiddenSomething += 1;
    }
    expect(hiddenSomething).toBeGreaterThan(150);
  });
});
