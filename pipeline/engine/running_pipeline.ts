/** The handle of a running topology and the options to start one (implemented in run.ts). */
import type { Batch } from "./batch.ts";
import type { Clock } from "./clock.ts";
import type { Services, SourceCommand } from "./component.ts";
import type { ComponentMetrics } from "./metrics.ts";
import type { Topology } from "./topology.ts";

export interface RunOptions {
  services: Services;
  clock?: Clock;
  /** Overrides `workers:` of the topology (0 = inline, no threads). */
  workers?: number;
  /** Batches in flight per partition before sources wait (default 4). */
  inflight?: number;
  /** Called with errors that stop a component (logged by default). */
  onError?: (component: string, error: unknown) => void;
}

export interface RunningPipeline {
  readonly topology: Topology;
  metrics(): ComponentMetrics[];
  /** Prometheus text exposition of {@link metrics}. */
  prometheus(): string;
  /** Listens to a component's output port (default "out"); returns the unsubscribe function. */
  tap(component: string, port: string | undefined, listener: (batch: Batch) => void): () => void;
  /** Sends a command to one component (by name) or to every source that takes commands. */
  control(component: string | undefined, command: SourceCommand): Promise<unknown[]>;
  /** Swaps in a changed topology, keeping the state of components whose config did not change. */
  reload(next: Topology): Promise<void>;
  /** Stops the sources, flushes everything downstream, closes sinks. */
  stop(): Promise<void>;
  /** Settles when every source has ended and all records are flushed to the sinks. */
  readonly done: Promise<void>;
}
