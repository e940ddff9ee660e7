// Complementary suppression in two-way tables (e.g. weeks × audiences, decision 008): the
// partition rule of suppression.ts on every row and column, then on what several rows and
// columns give together. The graph algorithms (minimum cuts, bridges) are in graph-cuts.ts.
//
// The table and its margins form one grid of (rows + 1) × (cols + 1) cells: row totals in an
// extra column, column totals in an extra row, the grand total in the corner. Each line of
// the grid (a row and its total, a column and its total, the row totals and the grand total,
// the column totals and the grand total) is an equation the viewer knows; a margin that is
// not displayed is one more unknown in those equations.
//
// Graph view: lines are vertices, each hidden cell with n > 0 an edge between its row and
// its column. Writing every equation as parts − total = 0 and giving row lines the sign +1,
// column lines −1, the margin column +1 and the margin row −1, each cell's two coefficients
// become a difference. So a sum of hidden cells is computable from the equations exactly when
// it is the set of edges entering a set of lines that no edge leaves, each edge oriented
//   inner cell: column → row; row total: row → margin column;
//   column total: margin row → column; grand total: margin column → margin row.
// One hidden cell is computable when its edge is on no cycle (a bridge); a hidden mass under
// 10 is computable when such an "entering" cut weighs under 10, which a capped max-flow finds.

import { type Arc, cutBelow, findBridges } from "./graph-cuts";
import { MIN_SHOWN } from "./stats";
import { assertCount } from "./suppression";

type Position = readonly [row: number, col: number];

interface Line {
  parts: Position[];
  total: Position;
}

/**
 * The cells to hide in a two-way table (e.g. weeks × audiences), keys `${row}|${col}`: the
 * partition rule applied to every row and column until nothing changes, then more cells
 * until no hidden cell, and no hidden mass under 10, can be computed from several lines
 * together. Includes the displayed margins to hide: `${row}|` (a row total), `|${col}`
 * (a column total), `|` (the grand total). Missing pairs count as 0. grandTotalShown
 * defaults to true because dashboards show the group's n; false only if it is nowhere.
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
      if (name === "" || name.includes("|"))
        throw new RangeError(`table keys must be non-empty, without "|": ${name}`);
    }
    assertCount(cell.n, `${cell.row}|${cell.col}`);
    if (!rowIndex.has(cell.row)) rowIndex.set(cell.row, rowKeys.push(cell.row) - 1);
    if (!colIndex.has(cell.col)) colIndex.set(cell.col, colKeys.push(cell.col) - 1);
  }
  const rows = rowKeys.length;
  const cols = colKeys.length;
  if (rows === 0) return new Set();

  // Grid with margins: row `rows` holds the column totals, column `cols` the row totals.
  const grid = <T>(fill: () => T) =>
    Array.from({ length: rows + 1 }, () => Array.from({ length: cols + 1 }, fill));
  const n = grid(() => 0);
  const order = grid(() => Number.POSITIVE_INFINITY); // input order, for ties
  cells.forEach((cell, index) => {
    const r = rowIndex.get(cell.row)!;
    const c = colIndex.get(cell.col)!;
    if (order[r]![c] !== Number.POSITIVE_INFINITY)
      throw new RangeError(`duplicate cell ${cell.row}|${cell.col}`);
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
  // Suppressed: must stay unknown to the viewer (primary or complementary), margins included.
  const suppressed = grid(() => false);
  const isSuppressed = (p: Position) => suppressed[p[0]]![p[1]]!;
  const suppress = (p: Position) => {
    suppressed[p[0]]![p[1]] = true;
  };
  const hidden = (p: Position) => !displayed(p) || isSuppressed(p);
  const key = (p: Position) => p[0] * (cols + 1) + p[1];
  const precedes = (a: Position, b: Position) =>
    count(a) < count(b) || (count(a) === count(b) && order[a[0]]![a[1]]! < order[b[0]]![b[1]]!);
  // Vertices: rows 0..rows (the last is the margin row), then columns 0..cols.
  const vertexCount = rows + 1 + cols + 1;
  const rowVertex = (p: Position) => p[0];
  const colVertex = (p: Position) => rows + 1 + p[1];

  const lines: Line[] = [];
  for (let r = 0; r <= rows; r += 1) {
    lines.push({ parts: Array.from({ length: cols }, (_, c) => [r, c] as const), total: [r, cols] });
  }
  for (let c = 0; c <= cols; c += 1) {
    lines.push({ parts: Array.from({ length: rows }, (_, r) => [r, c] as const), total: [rows, c] });
  }
  const everyPosition = lines.slice(0, rows + 1).flatMap((line) => [...line.parts, line.total]);
  const unknowns = () => everyPosition.filter((p) => count(p) > 0 && hidden(p));

  // Primary: every figure under 10, margins included (an undisplayed row total of 7 must not
  // be computable either). A displayed total under 10 hides its whole line, zeros included.
  for (const p of everyPosition) if (count(p) > 0 && count(p) < MIN_SHOWN) suppress(p);
  for (const line of lines) {
    if (displayed(line.total) && count(line.total) < MIN_SHOWN) {
      for (const p of [...line.parts, line.total]) suppress(p);
    }
  }

  for (;;) {
    const bridges = findBridges(
      vertexCount,
      unknowns().map((p) => ({ from: rowVertex(p), to: colVertex(p), id: key(p) })),
    );
    // Known to the viewer: shown, or computable and not in need of protection (an
    // undisplayed row total of 40 whose cells are all shown is just their sum).
    const known = (p: Position) => !hidden(p) || (bridges.has(key(p)) && !isSuppressed(p));

    // 1. The partition rule, line by line, until it holds everywhere. One change at a time:
    // each hidden cell can make totals that were computable unknown again.
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
      break;
    }
    if (changed) continue;

    // 2. A hidden cell solved from several lines at once (a bridge): put it on a cycle.
    const exposed = everyPosition
      .filter((p) => isSuppressed(p) && count(p) > 0 && bridges.has(key(p)))
      .sort((a, b) => order[a[0]]![a[1]]! - order[b[0]]![b[1]]!)[0];
    // 3. A hidden mass under 10 summed from several lines at once (two columns minus a row).
    const cut = exposed === undefined ? smallCut() : undefined;
    if (exposed === undefined && cut === undefined) break;

    const path =
      exposed !== undefined
        ? cheapestPath(
            new Set([rowVertex(exposed)]),
            new Set([colVertex(exposed)]),
            (p) => key(p) === key(exposed),
          )
        : (cheapestPath(cut!.outside, cut!.inside, (p) => crosses(p, cut!), cut!.others) ??
          cheapestPath(cut!.outside, cut!.inside, (p) => crosses(p, cut!)));
    if (path === undefined || path.length === 0) {
      // Unreachable: the margins always offer a way round. Hide everything if not.
      for (const p of everyPosition) suppress(p);
      break;
    }
    for (const p of path) suppress(p);
  }

  const result = new Set<string>();
  for (const p of everyPosition) {
    if (displayed(p) && isSuppressed(p)) {
      result.add(`${p[0] === rows ? "" : rowKeys[p[0]]}|${p[1] === cols ? "" : colKeys[p[1]]}`);
    }
  }
  return result;

  /** The arc of a hidden cell, oriented as in the comment at the top of this section. */
  function arc(p: Position): Arc {
    const row = rowVertex(p);
    const col = colVertex(p);
    const capacity = count(p);
    if (p[0] < rows && p[1] < cols) return { from: col, to: row, capacity };
    if (p[0] < rows) return { from: row, to: col, capacity }; // row total → margin column
    if (p[1] < cols) return { from: row, to: col, capacity }; // margin row → column total
    return { from: col, to: row, capacity }; // grand total: margin column → margin row
  }

  /**
   * A set of lines (`inside`) entered by hidden cells weighing under 10 and left by none,
   * i.e. a computable hidden mass under 10, with the other lines of its connected block
   * (`outside`) and the lines of other blocks (`others`); undefined if there is none. Per
   * block, a global minimum directed cut: max-flows from one line to each other and back,
   * each stopped once it reaches 10, the reverse of every arc uncuttable (Infinity).
   */
  function smallCut(): { inside: Set<number>; outside: Set<number>; others: Set<number> } | undefined {
    const arcs = unknowns().map(arc);
    const block = new Array<number>(vertexCount).fill(-1);
    const neighbours: number[][] = Array.from({ length: vertexCount }, () => []);
    for (const { from, to } of arcs) {
      neighbours[from]!.push(to);
      neighbours[to]!.push(from);
    }
    const blocks: number[][] = [];
    for (let start = 0; start < vertexCount; start += 1) {
      if (block[start] !== -1 || neighbours[start]!.length === 0) continue;
      const members = [start];
      block[start] = blocks.length;
      for (let i = 0; i < members.length; i += 1) {
        for (const v of neighbours[members[i]!]!) {
          if (block[v] === -1) {
            block[v] = blocks.length;
            members.push(v);
          }
        }
      }
      blocks.push(members.sort((a, b) => a - b));
    }
    for (const [index, members] of blocks.entries()) {
      const [first, ...rest] = members as [number, ...number[]];
      for (const other of rest) {
        for (const [source, sink] of [
          [first, other],
          [other, first],
        ] as const) {
          const sourceSide = cutBelow(vertexCount, arcs, source, sink, MIN_SHOWN);
          if (sourceSide === undefined) continue;
          const others = new Set<number>();
          for (let v = 0; v < vertexCount; v += 1) if (block[v] !== -1 && block[v] !== index) others.add(v);
          return {
            inside: new Set(members.filter((v) => !sourceSide.has(v))),
            outside: new Set(members.filter((v) => sourceSide.has(v))),
            others,
          };
        }
      }
    }
    return undefined;
  }

  /** Whether a hidden cell joins the two sides of a cut (one of the arcs being cut). */
  function crosses(p: Position, cut: { inside: Set<number>; outside: Set<number> }): boolean {
    const ends = [rowVertex(p), colVertex(p)];
    return hidden(p) && ends.some((v) => cut.inside.has(v)) && ends.some((v) => cut.outside.has(v));
  }

  /**
   * The shown cells to hide to join `from` to `to`: the cheapest path through the grid
   * (hidden cells free, shown ones costing their n, margins only as a last resort), by
   * Dijkstra over the lines, never through `avoid` lines nor through cells `skip` rejects.
   * Hiding them puts a bridge on a cycle, or adds 10 or more (or an uncuttable arc) to a cut.
   */
  function cheapestPath(
    from: ReadonlySet<number>,
    to: ReadonlySet<number>,
    skip: (p: Position) => boolean,
    avoid: ReadonlySet<number> = new Set(),
  ): Position[] | undefined {
    const marginPenalty = count([rows, cols]) + 1; // any all-inner path is cheaper than one margin
    const cost = (p: Position) => (hidden(p) ? 0 : count(p) + (isMargin(p) ? marginPenalty : 0));
    const distance = new Array<number>(vertexCount).fill(Number.POSITIVE_INFINITY);
    const via = new Array<Position | undefined>(vertexCount).fill(undefined);
    const done = new Array<boolean>(vertexCount).fill(false);
    for (const v of from) distance[v] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < vertexCount; v += 1) {
        if (!done[v] && distance[v]! < Number.POSITIVE_INFINITY && (u === -1 || distance[v]! < distance[u]!))
          u = v;
      }
      if (u === -1) return undefined;
      if (to.has(u)) {
        const path: Position[] = [];
        for (let v = u; !from.has(v);) {
          const p = via[v]!;
          if (!hidden(p)) path.push(p);
          v = v === rowVertex(p) ? colVertex(p) : rowVertex(p);
        }
        return path;
      }
      done[u] = true;
      // A row reaches every column through its cells, and the other way round.
      const neighbours: Position[] =
        u <= rows
          ? Array.from({ length: cols + 1 }, (_, c) => [u, c] as const)
          : Array.from({ length: rows + 1 }, (_, r) => [r, u - rows - 1] as const);
      for (const p of neighbours) {
        const v = u <= rows ? colVertex(p) : rowVertex(p);
        if (count(p) === 0 || avoid.has(v) || skip(p)) continue;
        if (distance[u]! + cost(p) < distance[v]!) {
          distance[v] = distance[u]! + cost(p);
          via[v] = p;
        }
      }
    }
  }
}
