// Small-group protection (INDICATORS.md, "Small groups"): no figure for fewer than 10
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

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
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

// ---------------------------------------------------------------------------------------
// Two-way tables. The table is handled with its margins as one grid of (rows + 1) × (cols + 1)
// cells: row totals in an extra column, column totals in an extra row, the grand total in
// the corner. Every line of that grid (a row with its total, a column with its total, the
// row totals with the grand total, the column totals with the grand total) is an equation
// the viewer knows. A margin that is not displayed is simply an unknown of those equations.
//
// Seen as a graph, each hidden cell with n > 0 is an edge between its row and its column.
// The viewer can recompute a hidden cell exactly if and only if that edge lies on no cycle
// (it is a bridge); the row and column rule alone misses bridges between two otherwise
// protected blocks, so bridges are looked for and closed as well.

type Position = readonly [row: number, col: number];

interface Line {
  parts: Position[];
  total: Position;
}

/**
 * The cells to hide in a two-way table (e.g. weeks × audiences), keys `${row}|${col}`:
 * the partition rule applied to every row and every column until nothing changes, plus
 * whatever stops a hidden cell being solved from several lines at once. Also returns the
 * displayed margins that must be hidden: `${row}|` (a row total), `|${col}` (a column total)
 * and `|` (the grand total). Missing (row, col) pairs count as 0. grandTotalShown defaults
 * to true because the dashboards show the group's n; set it false only if it is nowhere.
 */
export function suppressTable<R extends string, C extends string>(
  cells: readonly { row: R; col: C; n: number }[],
  options: { rowTotalsShown?: boolean; colTotalsShown?: boolean; grandTotalShown?: boolean } = {},
): Set<string> {
  const rowTotalsShown = options.rowTotalsShown ?? true;
  const colTotalsShown = options.colTotalsShown ?? true;
  const grandTotalShown = options.grandTotalShown ?? true;

  const rowKeys: string[] = [];
  const colKeys: string[] = [];
  const rowIndex = new Map<string, number>();
  const colIndex = new Map<string, number>();
  for (const cell of cells) {
    for (const name of [cell.row, cell.col]) {
      // "" marks a margin and "|" separates the two halves of a key: neither may be a key.
      if (name === "" || name.includes("|")) throw new RangeError(`table keys must be non-empty, without "|": ${name}`);
    }
    assertCount(cell.n, `${cell.row}|${cell.col}`);
    if (!rowIndex.has(cell.row)) rowIndex.set(cell.row, rowKeys.push(cell.row) - 1);
    if (!colIndex.has(cell.col)) colIndex.set(cell.col, colKeys.push(cell.col) - 1);
  }
  const rows = rowKeys.length;
  const cols = colKeys.length;
  if (rows === 0) return new Set();

  // Grid with margins: row `rows` holds the column totals, column `cols` the row totals.
  const grid = (fill: () => number) => Array.from({ length: rows + 1 }, () => Array.from({ length: cols + 1 }, fill));
  const n = grid(() => 0);
  const order = grid(() => Number.POSITIVE_INFINITY); // input order, for ties
  cells.forEach((cell, index) => {
    const r = rowIndex.get(cell.row)!;
    const c = colIndex.get(cell.col)!;
    if (order[r]![c] !== Number.POSITIVE_INFINITY) throw new RangeError(`duplicate cell ${cell.row}|${cell.col}`);
    n[r]![c] = cell.n;
    order[r]![c] = index;
    n[r]![cols]! += cell.n;
    n[rows]![c]! += cell.n;
    n[rows]![cols]! += cell.n;
  });
  for (let r = 0; r < rows; r += 1) order[r]![cols] = cells.length + r;
  for (let c = 0; c <= cols; c += 1) order[rows]![c] = cells.length + rows + c;

  const count = (p: Position) => n[p[0]]![p[1]]!;
  const isMargin = (p: Position) => p[0] === rows || p[1] === cols;
  const displayed = (p: Position): boolean => {
    if (p[0] === rows && p[1] === cols) return grandTotalShown;
    if (p[1] === cols) return rowTotalsShown;
    if (p[0] === rows) return colTotalsShown;
    return true;
  };
  // suppressed = must stay unknown to the viewer (primary or complementary), margins included.
  const suppressed = grid(() => 0).map((row) => row.map(() => false));
  const isSuppressed = (p: Position) => suppressed[p[0]]![p[1]]!;
  const suppress = (p: Position) => {
    suppressed[p[0]]![p[1]] = true;
  };
  const hidden = (p: Position) => !displayed(p) || isSuppressed(p);

  const lines: Line[] = [];
  for (let r = 0; r <= rows; r += 1) {
    lines.push({ parts: Array.from({ length: cols }, (_, c) => [r, c] as const), total: [r, cols] });
  }
  for (let c = 0; c <= cols; c += 1) {
    lines.push({ parts: Array.from({ length: rows }, (_, r) => [r, c] as const), total: [rows, c] });
  }
  const everyPosition = lines.slice(0, rows + 1).flatMap((line) => [...line.parts, line.total]);

  // Primary: every figure under 10, margins included (an undisplayed row total of 7 must not
  // be derivable either). A displayed total under 10 hides its whole line, zeros included.
  for (const p of everyPosition) if (count(p) > 0 && count(p) < MIN_SHOWN) suppress(p);
  for (const line of lines) {
    if (displayed(line.total) && count(line.total) < MIN_SHOWN) {
      for (const p of [...line.parts, line.total]) suppress(p);
    }
  }

  for (;;) {
    const bridges = findBridges(rows, cols, everyPosition.filter((p) => count(p) > 0 && hidden(p)));
    // Known to the viewer: shown, or recomputable and not in need of protection (an
    // undisplayed total of 40 whose row is fully shown is just a sum).
    const known = (p: Position) => !hidden(p) || (bridges.has(key(p)) && !isSuppressed(p));

    let changed = false;
    for (const line of lines) {
      if (!known(line.total)) continue;
      let hiddenParts = 0;
      let hiddenN = 0;
      for (const p of line.parts) {
        if (count(p) > 0 && !known(p)) {
          hiddenParts += 1;
          hiddenN += count(p);
        }
      }
      if (hiddenParts === 0 || (hiddenParts >= 2 && hiddenN >= MIN_SHOWN)) continue;
      let next: Position | undefined;
      for (const p of line.parts) {
        if (count(p) > 0 && known(p) && (next === undefined || precedes(p, next))) next = p;
      }
      // No part left to hide: the total itself must go (a lone hidden part equal to it).
      suppress(next ?? line.total);
      changed = true;
    }
    if (changed) continue;

    // Rows and columns are all fine; now a protected cell that several lines solve together.
    const exposed = everyPosition
      .filter((p) => isSuppressed(p) && count(p) > 0 && bridges.has(key(p)))
      .sort((a, b) => order[a[0]]![a[1]]! - order[b[0]]![b[1]]!)[0];
    if (exposed !== undefined) {
      const detour = cheapestDetour(exposed);
      if (detour === undefined || detour.length === 0) {
        // Unreachable in a table with margins (the margins always connect); hide all if not.
        for (const p of everyPosition) suppress(p);
        break;
      }
      for (const p of detour) suppress(p);
      continue;
    }

    // Last, sums: combining several lines can give the sum of a few hidden cells that no
    // single line gives (two columns minus a row). Check every such sum exactly.
    const leak = smallSum();
    if (leak === undefined) break;
    suppress(cellBreaking(leak));
  }

  const result = new Set<string>();
  for (const p of everyPosition) {
    if (displayed(p) && isSuppressed(p)) {
      result.add(`${p[0] === rows ? "" : rowKeys[p[0]]}|${p[1] === cols ? "" : colKeys[p[1]]}`);
    }
  }
  return result;

  /** Coefficient of cell p in line l's equation (parts − total = 0): +1 part, −1 total, 0 absent. */
  function coefficient(l: number, p: Position): number {
    if (l <= rows) return p[0] === l ? (p[1] === cols ? -1 : 1) : 0;
    return p[1] === l - rows - 1 ? (p[0] === rows ? -1 : 1) : 0;
  }

  function unknowns(): Position[] {
    return everyPosition.filter((p) => count(p) > 0 && hidden(p));
  }

  /**
   * A set of hidden cells, each under 10, whose sum the viewer can compute and which holds
   * fewer than 10 responses; undefined if there is none. The sums the viewer can compute are
   * the combinations of line equations that cancel every other unknown: reducing the
   * equations with the cells of 10 or more eliminated first leaves a basis of them, and a
   * set of cells is such a sum when its 0/1 vector is a combination of that basis, whose
   * pivots make each coefficient 0 or 1 (a depth-first search, pruned at 10 responses).
   */
  function smallSum(): Position[] | undefined {
    const unknown = unknowns();
    const small = unknown.filter((p) => count(p) < MIN_SHOWN);
    if (small.length === 0) return undefined;
    const columns = [...unknown.filter((p) => count(p) >= MIN_SHOWN), ...small];
    const offset = columns.length - small.length;
    const matrix = lines.map((_, l) => columns.map((p) => coefficient(l, p)));
    const basis = reduce(matrix, columns.length)
      .map((column, row) => ({ pivot: column - offset, values: matrix[row]!.slice(offset) }))
      .filter((b) => b.pivot >= 0);
    const sum = new Array<number>(small.length).fill(0);
    let budget = SEARCH_BUDGET;
    const search = (from: number, pivotMass: number): Position[] | "budget" | undefined => {
      for (let i = from; i < basis.length; i += 1) {
        const { pivot, values } = basis[i]!;
        if (pivotMass + count(small[pivot]!) >= MIN_SHOWN) continue;
        if (--budget < 0) return "budget";
        values.forEach((v, j) => (sum[j]! += v));
        let mass = 0;
        let binary = true;
        for (let j = 0; j < small.length && binary; j += 1) {
          const v = sum[j]!;
          if (Math.abs(v - 1) < EPSILON) mass += count(small[j]!);
          else if (Math.abs(v) >= EPSILON) binary = false;
        }
        if (binary && mass < MIN_SHOWN) return small.filter((_, j) => Math.abs(sum[j]! - 1) < EPSILON);
        const found = search(i + 1, pivotMass + count(small[pivot]!));
        values.forEach((v, j) => (sum[j]! -= v));
        if (found !== undefined) return found;
      }
      return undefined;
    };
    const found = search(0, 0);
    // Too many combinations to check: report them all; hiding more cells shrinks the search.
    return found === "budget" ? small : found;
  }

  /** Whether the viewer can compute the sum of `cells` from the lines, `unknown` being hidden. */
  function derivable(cells: readonly Position[], unknown: readonly Position[]): number[] | undefined {
    // Solve Σ λ_l × line_l = 1_cells over the unknowns; λ is the recipe if it exists.
    const inCells = new Set(cells.map(key));
    const system = unknown.map((p) => [...lines.map((_, l) => coefficient(l, p)), inCells.has(key(p)) ? 1 : 0]);
    const pivots = reduce(system, lines.length);
    if (system.slice(pivots.length).some((row) => Math.abs(row[lines.length]!) >= EPSILON)) return undefined;
    const lambda = new Array<number>(lines.length).fill(0);
    pivots.forEach((column, row) => (lambda[column] = system[row]![lines.length]!));
    return lambda;
  }

  /**
   * The shown cell to hide so that `leak` can no longer be summed: among the cells the
   * recipe uses, the cheapest (inner cells first, then fewest responses) that breaks it.
   */
  function cellBreaking(leak: readonly Position[]): Position {
    const unknown = unknowns();
    const lambda = derivable(leak, unknown);
    const used = (p: Position) =>
      lambda === undefined
        ? leak.some((q) => q[0] === p[0] || q[1] === p[1])
        : Math.abs(coefficient(p[0], p) * lambda[p[0]]! + coefficient(rows + 1 + p[1], p) * lambda[rows + 1 + p[1]]!) >=
          EPSILON;
    const candidates = everyPosition
      .filter((p) => count(p) > 0 && !hidden(p) && used(p))
      .sort((a, b) => Number(isMargin(a)) - Number(isMargin(b)) || (precedes(a, b) ? -1 : 1));
    const breaking = candidates.find((p) => derivable(leak, [...unknown, p]) === undefined);
    // The recipe always uses a shown cell (the leak's value comes from somewhere), so one exists.
    return breaking ?? candidates[0] ?? [rows, cols];
  }

  function key(p: Position): number {
    return p[0] * (cols + 1) + p[1];
  }

  function precedes(a: Position, b: Position): boolean {
    return count(a) < count(b) || (count(a) === count(b) && order[a[0]]![a[1]]! < order[b[0]]![b[1]]!);
  }

  /**
   * The shown cells whose hiding puts `exposed` on a cycle: the cheapest path between its row
   * and its column through other cells (hidden ones free, shown ones costing their n, margins
   * only as a last resort), by Dijkstra over the (rows + 1) + (cols + 1) lines.
   */
  function cheapestDetour(exposed: Position): Position[] | undefined {
    const vertices = rows + 1 + cols + 1;
    const marginPenalty = count([rows, cols]) + 1; // any all-inner path is cheaper than one margin
    const cost = (p: Position) => (hidden(p) ? 0 : count(p) + (isMargin(p) ? marginPenalty : 0));
    const distance = new Array<number>(vertices).fill(Number.POSITIVE_INFINITY);
    const via = new Array<Position | undefined>(vertices).fill(undefined);
    const done = new Array<boolean>(vertices).fill(false);
    const start = exposed[0];
    const goal = rows + 1 + exposed[1];
    distance[start] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < vertices; v += 1) {
        if (!done[v] && distance[v]! < Number.POSITIVE_INFINITY && (u === -1 || distance[v]! < distance[u]!)) u = v;
      }
      if (u === -1) return undefined;
      if (u === goal) break;
      done[u] = true;
      // A row vertex reaches every column through its cells, and the other way round.
      const neighbours: Position[] =
        u <= rows
          ? Array.from({ length: cols + 1 }, (_, c) => [u, c] as const)
          : Array.from({ length: rows + 1 }, (_, r) => [r, u - rows - 1] as const);
      for (const p of neighbours) {
        if (count(p) === 0 || (p[0] === exposed[0] && p[1] === exposed[1])) continue;
        const v = u <= rows ? rows + 1 + p[1] : p[0];
        const candidate = distance[u]! + cost(p);
        if (candidate < distance[v]!) {
          distance[v] = candidate;
          via[v] = p;
        }
      }
    }
    const path: Position[] = [];
    for (let v = goal; v !== start; ) {
      const p = via[v]!;
      if (!hidden(p)) path.push(p);
      v = v <= rows ? rows + 1 + p[1] : p[0];
    }
    return path;
  }
}

const EPSILON = 1e-9;

/** Cap on the sets of small cells tried per check; far above what a dashboard table needs. */
const SEARCH_BUDGET = 200_000;

/**
 * Gauss–Jordan elimination in place over the first `width` columns (the rest ride along);
 * returns the pivot column of each leading row. Coefficients are 0 and ±1, so the
 * tolerance only absorbs rounding.
 */
function reduce(matrix: number[][], width: number): number[] {
  const pivots: number[] = [];
  for (let column = 0; column < width && pivots.length < matrix.length; column += 1) {
    const top = pivots.length;
    let best = top;
    for (let r = top + 1; r < matrix.length; r += 1) {
      if (Math.abs(matrix[r]![column]!) > Math.abs(matrix[best]![column]!)) best = r;
    }
    if (Math.abs(matrix[best]![column]!) < EPSILON) continue;
    [matrix[top], matrix[best]] = [matrix[best]!, matrix[top]!];
    const pivotRow = matrix[top]!;
    const pivot = pivotRow[column]!;
    for (let c = 0; c < pivotRow.length; c += 1) pivotRow[c] = pivotRow[c]! / pivot;
    for (let r = 0; r < matrix.length; r += 1) {
      const factor = matrix[r]![column]!;
      if (r === top || factor === 0) continue;
      const row = matrix[r]!;
      for (let c = 0; c < row.length; c += 1) row[c] = row[c]! - factor * pivotRow[c]!;
    }
    pivots.push(column);
  }
  return pivots;
}

/**
 * Keys (row × (cols + 1) + col) of the edges that lie on no cycle, in the graph whose
 * vertices are the rows 0..rows and the columns 0..cols of the grid and whose edges are
 * the given cells (Tarjan's bridge search, linear in the size of the graph).
 */
function findBridges(rows: number, cols: number, edges: readonly Position[]): Set<number> {
  const vertices = rows + 1 + cols + 1;
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: vertices }, () => []);
  edges.forEach(([r, c], edge) => {
    adjacency[r]!.push({ to: rows + 1 + c, edge });
    adjacency[rows + 1 + c]!.push({ to: r, edge });
  });
  const discovered = new Array<number>(vertices).fill(-1);
  const low = new Array<number>(vertices).fill(0);
  const bridges = new Set<number>();
  let time = 0;
  const visit = (u: number, parentEdge: number): void => {
    discovered[u] = low[u] = time++;
    for (const { to, edge } of adjacency[u]!) {
      if (edge === parentEdge) continue;
      if (discovered[to] === -1) {
        visit(to, edge);
        low[u] = Math.min(low[u]!, low[to]!);
        if (low[to]! > discovered[u]!) {
          const [r, c] = edges[edge]!;
          bridges.add(r * (cols + 1) + c);
        }
      } else {
        low[u] = Math.min(low[u]!, discovered[to]!);
      }
    }
  };
  for (let u = 0; u < vertices; u += 1) if (discovered[u] === -1) visit(u, -1);
  return bridges;
}
