/**
 * The small interface web/ uses to talk to a running pipeline (STYLE rule 9):
 * metrics, taps, control and the topology shape. A `RunningPipeline` from
 * `pipeline/engine/run.ts` satisfies it as is; tests may pass any object
 * that does.
 */
import type { Batch } from "../pipeline/engine/batch.ts";
import type { SourceCommand } from "../pipeline/engine/component.ts";
import type { ComponentMetrics } from "../pipeline/engine/metrics.ts";
import type { ComponentSpec } from "../pipeline/engine/topology.ts";

/** What web/ reads of a component of the running topology. */
export type ComponentView = Pick<ComponentSpec, "name" | "kind" | "type" | "inputs" | "config">;

export interface PipelinePort {
  readonly topology: { readonly name: string; readonly components: readonly ComponentView[] };
  metrics(): ComponentMetrics[];
  /** Prometheus text exposition of the metrics. */
  prometheus(): string;
  /** Listens to a component's output port (default "out"); returns the unsubscribe function. */
  tap(component: string, port: string | undefined, listener: (batch: Batch) => void): () => void;
  /** Sends a command to one component (by name) or to every source that takes commands. */
  control(component: string | undefined, command: SourceCommand): Promise<unknown[]>;
}

/** Machines named by the topology's sources (`machines: [A, B, C]` options), sorted. */
export function configuredMachines(port: PipelinePort): string[] {
  const out = new Set<string>();
  for (const c of port.topology.components) {
    if (c.kind !== "source") continue;
    const machines = (c.config as { machines?: unknown } | null)?.machines;
    if (!Array.isArray(machines)) continue;
    for (const m of machines) {
      if (typeof m === "string") out.add(m);
      else if (m && typeof m === "object" && typeof (m as { id?: unknown }).id === "string") {
        out.add((m as { id: string }).id);
      }
    }
  }
  return [...out].sort();
}

/** The sampling rate (`rate_hz`) the topology's sources start with, if one names it. */
export function configuredRate(port: PipelinePort): number | undefined {
  for (const c of port.topology.components) {
    const rate = (c.config as { rate_hz?: unknown } | null)?.rate_hz;
    if (c.kind === "source" && typeof rate === "number") return rate;
  }
  return undefined;
}
