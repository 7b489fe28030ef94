/**
 * Stage 2: resolve every input to a component and port, check that the port
 * exists and that what it carries is accepted downstream, find cycles, and
 * order the components topologically.
 */
import type { RecordType } from "../engine/record.ts";
import type { DraftComponent, LoadContext } from "./context.ts";
import { didYouMean } from "./suggest.ts";

/** What a component's output ports carry, when known (`undefined` type = not declared). */
export interface PortInfo {
  /** Every valid port name; `complete` false when more may exist (config invalid). */
  ports: Map<string, RecordType | undefined>;
  complete: boolean;
}

/**
 * The output ports of a component: `out` (not for sinks), `dlq`, plus its
 * declared outputs. When its options did not validate, the declared outputs
 * are still tried on the raw options (for record types), but the list is
 * marked incomplete so that no port is reported as unknown because of it.
 */
export function portsOf(c: DraftComponent): PortInfo {
  const ports = new Map<string, RecordType | undefined>();
  if (c.kind !== "sink") ports.set("out", undefined);
  let complete = c.def !== undefined && c.configOk;
  if (c.def?.outputs) {
    try {
      const declared = c.def.outputs(c.configOk ? c.config : c.options ?? {});
      for (const [port, type] of Object.entries(declared)) ports.set(port, type);
    } catch {
      complete = false;
    }
  }
  ports.set("dlq", "rejected");
  return { ports, complete };
}

/** Checks every input; returns the names of components in cycles. */
export function checkWiring(ctx: LoadContext, drafts: DraftComponent[]): Set<string> {
  const byName = new Map(drafts.map((d) => [d.name, d]));
  const ports = new Map(drafts.map((d) => [d.name, portsOf(d)]));
  for (const c of drafts) {
    for (const input of c.inputs) {
      const who = `${c.kind} "${c.name}"`;
      const { component, port } = input.ref;
      const from = byName.get(component);
      if (!from) {
        ctx.report(
          input.path,
          `Input "${input.raw}" for ${who} doesn't match any components${
            didYouMean(component, byName.keys())
          }`,
          { component: c.name },
        );
        continue;
      }
      const info = ports.get(component)!;
      if (!info.ports.has(port)) {
        if (from.kind === "sink" && port === "out") {
          ctx.report(
            input.path,
            `Input "${input.raw}" for ${who} names sink "${component}", which has no output (only "${component}.dlq")`,
            { component: c.name },
          );
        } else if (info.complete || port === "out") {
          const list = [...info.ports.keys()].join(", ");
          ctx.report(
            input.path,
            `Input "${input.raw}" for ${who}: ${from.kind} "${component}" has no output port "${port}"${
              didYouMean(port, info.ports.keys())
            } (its ports: ${list})`,
            { component: c.name },
          );
        }
        continue;
      }
      const carried = info.ports.get(port);
      const accepts = c.def?.accepts;
      if (carried && accepts && !accepts.includes(carried)) {
        ctx.report(
          input.path,
          `Input "${input.raw}" for ${who} carries ${carried} records, but ${c.type} accepts only ${
            accepts.join(", ")
          }`,
          { component: c.name },
        );
      }
    }
  }
  return findCycles(ctx, drafts, byName);
}

/** Reports one diagnostic per strongly connected component that contains a cycle. */
function findCycles(
  ctx: LoadContext,
  drafts: DraftComponent[],
  byName: Map<string, DraftComponent>,
): Set<string> {
  // Edges point downstream: producer -> consumer.
  const down = new Map<string, string[]>(drafts.map((d) => [d.name, []]));
  for (const c of drafts) {
    for (const i of c.inputs) {
      if (byName.has(i.ref.component)) down.get(i.ref.component)!.push(c.name);
    }
  }
  const inCycle = new Set<string>();
  for (const scc of stronglyConnected(drafts.map((d) => d.name), down)) {
    const first = scc.map((n) => byName.get(n)!).sort((a, b) => a.order - b.order)[0];
    const members = new Set(scc);
    const selfLoop = down.get(first.name)!.includes(first.name);
    if (scc.length === 1 && !selfLoop) continue;
    for (const n of scc) inCycle.add(n);
    const cycle = cyclePath(first.name, members, down);
    const closing = first.inputs.find((i) => i.ref.component === cycle[cycle.length - 2]) ??
      first.inputs.find((i) => members.has(i.ref.component))!;
    ctx.report(
      closing.path,
      `cycle: ${
        cycle.join(" -> ")
      } (a component cannot consume its own output, directly or through others)`,
      { component: first.name },
    );
  }
  return inCycle;
}

/** Tarjan's algorithm, iterative. */
function stronglyConnected(nodes: string[], edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  for (const root of nodes) {
    if (idx.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    idx.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const succ = edges.get(frame.node)!;
      if (frame.next < succ.length) {
        const w = succ[frame.next++];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, idx.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === idx.get(frame.node)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== frame.node);
        out.push(scc);
      }
    }
  }
  return out;
}

/** A shortest path from `start` back to itself inside `members` (BFS): [start, …, start]. */
function cyclePath(start: string, members: Set<string>, down: Map<string, string[]>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const m of down.get(n)!) {
      if (!members.has(m)) continue;
      if (m === start) {
        const path = [start];
        for (let p = n; p !== start; p = prev.get(p)!) path.unshift(p);
        path.unshift(start);
        return path;
      }
      if (!prev.has(m)) {
        prev.set(m, n);
        queue.push(m);
      }
    }
  }
  return [start, start];
}

/**
 * Orders components so that every component comes after its inputs (Kahn's
 * algorithm; ties keep declaration order, sources first).
 */
export function topologicalOrder(drafts: DraftComponent[]): DraftComponent[] {
  const byName = new Map(drafts.map((d) => [d.name, d]));
  const waiting = new Map<string, number>();
  const down = new Map<string, DraftComponent[]>(drafts.map((d) => [d.name, []]));
  for (const c of drafts) {
    const ups = new Set(c.inputs.map((i) => i.ref.component).filter((n) => byName.has(n)));
    waiting.set(c.name, ups.size);
    for (const u of ups) down.get(u)!.push(c);
  }
  const ready = drafts.filter((d) => waiting.get(d.name) === 0);
  const out: DraftComponent[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a.order - b.order);
    const c = ready.shift()!;
    out.push(c);
    for (const d of down.get(c.name)!) {
      const left = waiting.get(d.name)! - 1;
      waiting.set(d.name, left);
      if (left === 0) ready.push(d);
    }
  }
  for (const d of drafts) if (!out.includes(d)) out.push(d);
  return out;
}
