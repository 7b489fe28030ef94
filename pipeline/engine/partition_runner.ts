/**
 * Runs the keyed part of a topology (its transforms) for one partition:
 * builds one replica of every transform, routes batches between them in
 * order, wraps each for metrics and DLQ routing, and hands the outputs that
 * leave the partition (sink inputs, taps) back to the caller as an outbox.
 *
 * The same class runs inline (tests, `workers: 0`) and inside a worker
 * (partition_worker.ts), so both paths share one implementation.
 */
import type { Batch } from "./batch.ts";
import { batchSize, eventBatch } from "./batch.ts";
import type { Clock } from "./clock.ts";
import type { Operator, Services, SourceCommand, TransformContext } from "./component.ts";
import { LatencyHistogram } from "./histogram.ts";
import type { Rejected } from "./record.ts";
import type { ComponentSpec } from "./topology.ts";

/** An output leaving the partition: `component.port` produced `batch`. */
export interface OutboxItem {
  component: string;
  port: string;
  batch: Batch;
}

/** Counters of one replica, mergeable across partitions. */
export interface ReplicaMetrics {
  records_in: number;
  records_out: number;
  errors: number;
  late: number;
  dlq: number;
  max_event_ts: number;
  latency: number[];
}

interface Replica {
  spec: ComponentSpec;
  op: Operator;
  metrics: ReplicaMetrics;
  latency: LatencyHistogram;
}

/** `component.port` → downstream transform names. */
type Routes = Map<string, string[]>;

const portKey = (component: string, port: string) => `${component}.${port}`;

export class PartitionRunner {
  #replicas = new Map<string, Replica>();
  #routes: Routes = new Map();
  #exports = new Set<string>();
  #exportAll = false;
  #outbox: OutboxItem[] = [];
  #order: string[] = [];

  private constructor() {}

  /**
   * Builds the replicas of `transforms` (in topological order) for partition
   * `partition` of `partitions`. `exports` lists `component.port` keys whose
   * output leaves the partition; `"*"` exports everything (test driver).
   */
  static async create(opts: {
    transforms: ComponentSpec[];
    partition: number;
    partitions: number;
    services: Services;
    clock: Clock;
    exports: string[];
    restore?: Record<string, unknown>;
  }): Promise<PartitionRunner> {
    const r = new PartitionRunner();
    r.setExports(opts.exports);
    for (const spec of opts.transforms) {
      for (const input of spec.inputs) {
        const key = portKey(input.component, input.port);
        const list = r.#routes.get(key) ?? [];
        list.push(spec.name);
        r.#routes.set(key, list);
      }
    }
    for (const spec of opts.transforms) {
      const metrics: ReplicaMetrics = {
        records_in: 0,
        records_out: 0,
        errors: 0,
        late: 0,
        dlq: 0,
        max_event_ts: 0,
        latency: [],
      };
      const name = spec.name;
      const ctx: TransformContext = {
        name,
        clock: opts.clock,
        services: opts.services,
        inputs: spec.inputs.map((i) => i.component),
        partition: opts.partition,
        partitions: opts.partitions,
        emit: (batch, port = "out") => r.#emit(name, port, batch),
        reject: (record, reason, ts = 0) => r.#reject(name, record, reason, ts),
        countLate: (n) => metrics.late += n,
      };
      const op = await spec.def.build(spec.config, ctx) as Operator;
      const state = opts.restore?.[name];
      if (state !== undefined && op.restore) op.restore(state);
      r.#replicas.set(name, { spec, op, metrics, latency: new LatencyHistogram() });
      r.#order.push(name);
    }
    return r;
  }

  setExports(exports: string[]): void {
    this.#exportAll = exports.includes("*");
    this.#exports = new Set(exports);
  }

  /** Feeds a batch that arrived from `from.port` outside the partition to the transforms reading it. */
  async process(from: string, port: string, batch: Batch): Promise<OutboxItem[]> {
    for (const target of this.#routes.get(portKey(from, port)) ?? []) {
      await this.#deliver(target, from, port === "out" ? from : `${from}.${port}`, batch);
    }
    return this.#takeOutbox();
  }

  /** Feeds a batch directly to one transform (test `insert_at`). */
  async processAt(target: string, from: string, batch: Batch): Promise<OutboxItem[]> {
    await this.#deliver(target, from, from, batch);
    return this.#takeOutbox();
  }

  /** End of input: flushes every transform in topological order. */
  async flush(): Promise<OutboxItem[]> {
    for (const name of this.#order) {
      const rep = this.#replicas.get(name)!;
      if (!rep.op.flush) continue;
      try {
        await rep.op.flush();
      } catch (e) {
        rep.metrics.errors++;
        this.#reject(name, null, `flush failed: ${errorMessage(e)}`, 0);
      }
      await this.#drain();
    }
    return this.#takeOutbox();
  }

  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, rep] of this.#replicas) {
      if (rep.op.snapshot) out[name] = rep.op.snapshot();
    }
    return out;
  }

  /** Sends a control command to one transform; undefined when it takes none. */
  async control(component: string, command: SourceCommand): Promise<unknown> {
    const rep = this.#replicas.get(component);
    if (!rep) throw new Error(`No transform "${component}" in this pipeline`);
    if (!rep.op.control) throw new Error(`Transform "${component}" does not take commands`);
    const result = rep.op.control(command);
    // What a command emits (e.g. an acknowledged alert) leaves with the next outbox.
    await this.#drain();
    return result;
  }

  metrics(): Record<string, ReplicaMetrics> {
    const out: Record<string, ReplicaMetrics> = {};
    for (const [name, rep] of this.#replicas) {
      out[name] = { ...rep.metrics, latency: Array.from(rep.latency.counts) };
    }
    return out;
  }

  async close(): Promise<void> {
    for (const rep of this.#replicas.values()) await rep.op.close?.();
  }

  // Batches emitted and not yet routed; drained after each operator call returns.
  #pending: OutboxItem[] = [];

  async #deliver(target: string, from: string, inputName: string, batch: Batch): Promise<void> {
    const rep = this.#replicas.get(target)!;
    const n = batchSize(batch);
    if (n === 0) return;
    rep.metrics.records_in += n;
    const t0 = performance.now();
    try {
      const r = rep.op.process(batch, inputName);
      if (r) await r;
    } catch (e) {
      // The operator failed on the whole batch: route it to .dlq with the reason.
      rep.metrics.errors++;
      this.#reject(target, summarize(batch), `process failed: ${errorMessage(e)}`, 0);
    }
    rep.latency.record(performance.now() - t0);
    if (batch.kind === "readings" && batch.n > 0) {
      const ts = batch.ts[batch.n - 1];
      if (ts > rep.metrics.max_event_ts) rep.metrics.max_event_ts = ts;
    }
    void from;
    await this.#drain();
  }

  /** Routes what was emitted, depth-first, so order per key is kept. */
  async #drain(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    for (const { component: name, port, batch } of pending) {
      const key = portKey(name, port);
      if (this.#exportAll || this.#exports.has(key)) {
        this.#outbox.push({ component: name, port, batch });
      }
      for (const target of this.#routes.get(key) ?? []) {
        await this.#deliver(target, name, port === "out" ? name : key, batch);
      }
    }
  }

  #emit(name: string, port: string, batch: Batch): void {
    const n = batchSize(batch);
    if (n === 0) return;
    const rep = this.#replicas.get(name);
    if (rep) {
      if (port === "dlq") rep.metrics.dlq += n;
      else rep.metrics.records_out += n;
    }
    this.#pending.push({ component: name, port, batch });
  }

  #reject(name: string, record: unknown, reason: string, ts: number): void {
    const rejected: Rejected = { kind: "rejected", ts, component: name, reason, record };
    const last = this.#pending[this.#pending.length - 1];
    // Coalesce consecutive rejects of one component into one DLQ batch.
    if (last && last.component === name && last.port === "dlq" && last.batch.kind === "events") {
      last.batch.records.push(rejected);
      this.#replicas.get(name)!.metrics.dlq++;
      return;
    }
    this.#emit(name, "dlq", eventBatch([rejected]));
  }

  #takeOutbox(): OutboxItem[] {
    const out = this.#outbox;
    this.#outbox = [];
    return out;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A small description of a failed batch for the DLQ (not the whole batch). */
function summarize(batch: Batch): unknown {
  if (batch.kind === "events") {
    return { records: batch.records.slice(0, 10), size: batch.records.length };
  }
  return { readings: batch.n, first_ts: batch.ts[0], last_ts: batch.ts[batch.n - 1] };
}
