// Graph algorithms for table suppression (table-suppression.ts): a minimum directed cut
// stopped at a limit, and the bridges of an undirected graph. Vertices are numbered 0..n-1.

/** An arc that a cut can sever at its capacity (its reverse cannot be cut). */
export interface Arc {
  from: number;
  to: number;
  capacity: number;
}

/**
 * The source side of a minimum source→sink cut if it weighs less than `limit`, else
 * undefined (Edmonds–Karp, stopped at `limit` so at most `limit` augmentations). Each arc
 * can be cut at its capacity; its reverse cannot (Infinity).
 */
export function cutBelow(
  vertexCount: number,
  arcs: readonly Arc[],
  source: number,
  sink: number,
  limit: number,
): Set<number> | undefined {
  // Residual edges in pairs: 2i is arc i, 2i + 1 its reverse; e ^ 1 is the partner of e.
  const head: number[] = [];
  const residual: number[] = [];
  const outgoing: number[][] = Array.from({ length: vertexCount }, () => []);
  arcs.forEach((arc, i) => {
    head.push(arc.to, arc.from);
    residual.push(arc.capacity, Number.POSITIVE_INFINITY);
    outgoing[arc.from]!.push(2 * i);
    outgoing[arc.to]!.push(2 * i + 1);
  });
  let flow = 0;
  for (;;) {
    const via = new Array<number>(vertexCount).fill(-1);
    const reached = new Set([source]);
    const queue = [source];
    for (let i = 0; i < queue.length && !reached.has(sink); i += 1) {
      for (const edge of outgoing[queue[i]!]!) {
        const v = head[edge]!;
        if (residual[edge]! > 0 && !reached.has(v)) {
          reached.add(v);
          via[v] = edge;
          queue.push(v);
        }
      }
    }
    if (!reached.has(sink)) return reached;
    let push = limit - flow;
    for (let v = sink; v !== source; v = head[via[v]! ^ 1]!) push = Math.min(push, residual[via[v]!]!);
    for (let v = sink; v !== source; v = head[via[v]! ^ 1]!) {
      residual[via[v]!]! -= push;
      residual[via[v]! ^ 1]! += push;
    }
    flow += push;
    if (flow >= limit) return undefined;
  }
}

/** The ids of the edges on no cycle (bridges) of an undirected graph (Tarjan, linear time). */
export function findBridges(
  vertexCount: number,
  edges: readonly { from: number; to: number; id: number }[],
): Set<number> {
  const adjacency: { to: number; edge: number }[][] = Array.from({ length: vertexCount }, () => []);
  edges.forEach(({ from, to }, edge) => {
    adjacency[from]!.push({ to, edge });
    adjacency[to]!.push({ to: from, edge });
  });
  const discovered = new Array<number>(vertexCount).fill(-1);
  const low = new Array<number>(vertexCount).fill(0);
  const bridges = new Set<number>();
  let time = 0;
  const visit = (u: number, parentEdge: number): void => {
    discovered[u] = low[u] = time++;
    for (const { to, edge } of adjacency[u]!) {
      if (edge === parentEdge) continue;
      if (discovered[to] === -1) {
        visit(to, edge);
        low[u] = Math.min(low[u]!, low[to]!);
        if (low[to]! > discovered[u]!) bridges.add(edges[edge]!.id);
      } else {
        low[u] = Math.min(low[u]!, discovered[to]!);
      }
    }
  };
  for (let u = 0; u < vertexCount; u += 1) if (discovered[u] === -1) visit(u, -1);
  return bridges;
}
