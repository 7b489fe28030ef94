/**
 * Layered left→right layout of a topology graph: a component's column is
 * its depth (longest path from a source), rows within a column are ordered
 * by the mean row of their inputs (barycentre) to keep edges from crossing.
 * Pure geometry; the Topology island draws it as SVG.
 */

export interface GraphNode {
  name: string;
  kind: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  port: string;
}

export interface PlacedNode extends GraphNode {
  depth: number;
  row: number;
  x: number;
  y: number;
}

export interface PlacedEdge extends GraphEdge {
  /** SVG path (cubic Bézier from the right side of `from` to the left side of `to`). */
  d: string;
  /** Where to write the port label (non-`out` ports only). */
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_W = 196;
export const NODE_H = 84;
const GAP_X = 44;
const GAP_Y = 22;
const PAD = 16;

/** Depth of every node: 0 without inputs, else 1 + the deepest input (cycles cut). */
export function depths(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
): Map<string, number> {
  const inputs = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const e of edges) inputs.get(e.to)?.push(e.from);
  const out = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (n: string): number => {
    const known = out.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return 0;
    visiting.add(n);
    let d = 0;
    for (const i of inputs.get(n) ?? []) if (inputs.has(i)) d = Math.max(d, visit(i) + 1);
    visiting.delete(n);
    out.set(n, d);
    return d;
  };
  for (const n of nodes) visit(n.name);
  return out;
}

/**
 * @example
 * ```ts
 * const g = layoutGraph([{ name: "sim", kind: "source" }, { name: "db", kind: "sink" }],
 *   [{ from: "sim", to: "db", port: "out" }]);
 * g.nodes[1].x > g.nodes[0].x; // true
 * ```
 */
export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): GraphLayout {
  const depth = depths(nodes, edges);
  const columns: string[][] = [];
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const d = depth.get(n.name) ?? 0;
    (columns[d] ??= []).push(n.name);
  }
  const row = new Map<string, number>();
  const parents = new Map<string, string[]>();
  for (const e of edges) (parents.get(e.to) ?? parents.set(e.to, []).get(e.to)!).push(e.from);
  columns.forEach((col, d) => {
    if (d > 0) {
      const bary = (n: string) => {
        const ps = (parents.get(n) ?? []).filter((p) => row.has(p));
        return ps.length ? ps.reduce((s, p) => s + row.get(p)!, 0) / ps.length : Infinity;
      };
      col.sort((a, b) => bary(a) - bary(b) || a.localeCompare(b));
    }
    col.forEach((n, i) => row.set(n, i));
  });
  const tallest = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * GAP_Y;
  const width = PAD * 2 + columns.length * NODE_W + Math.max(0, columns.length - 1) * GAP_X;
  const byName = new Map<string, PlacedNode>();
  const placed = nodes.map((n) => {
    const d = depth.get(n.name) ?? 0;
    const r = row.get(n.name) ?? 0;
    const colH = columns[d].length * NODE_H + (columns[d].length - 1) * GAP_Y;
    const p: PlacedNode = {
      ...n,
      depth: d,
      row: r,
      x: PAD + d * (NODE_W + GAP_X),
      y: PAD + (height - PAD * 2 - colH) / 2 + r * (NODE_H + GAP_Y),
    };
    byName.set(n.name, p);
    return p;
  });
  const placedEdges: PlacedEdge[] = [];
  for (const e of edges) {
    const a = byName.get(e.from);
    const b = byName.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2;
    const x2 = b.x, y2 = b.y + NODE_H / 2;
    const bend = Math.max(30, (x2 - x1) / 2);
    placedEdges.push({
      ...e,
      d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      labelX: x1 + 6,
      labelY: y1 - 5,
    });
  }
  return { width, height, nodes: placed, edges: placedEdges };
}
