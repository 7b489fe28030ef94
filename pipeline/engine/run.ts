/**
 * Running a topology: sources and sinks on the main thread, keyed transforms
 * replicated over a pool of partitions (Deno workers, or inline when
 * `workers: 0`). Batches are split by machine so order per key is kept;
 * bounded in-flight credits per partition give backpressure end to end.
 */
import type { Batch } from "./batch.ts";
import { batchSize, eventBatch, splitByPartition } from "./batch.ts";
import type { TransformSnapshot } from "./checkpoint.ts";
import { restorable, specFingerprints } from "./checkpoint.ts";
import type { Clock } from "./clock.ts";
import { systemClock } from "./clock.ts";
import type { Sink, Source, SourceCommand } from "./component.ts";
import { Credits } from "./credits.ts";
import { MetricsBook } from "./metrics_book.ts";
import type { ComponentMetrics } from "./metrics.ts";
import type { Partition } from "./partition.ts";
import { InlinePartition, WorkerPartition } from "./partition.ts";
import type { OutboxItem } from "./partition_runner.ts";
import { toPrometheus } from "./prometheus.ts";
import type { Rejected } from "./record.ts";
import type { ComponentSpec, Topology } from "./topology.ts";

import type { RunningPipeline, RunOptions } from "./running_pipeline.ts";

export type { RunningPipeline, RunOptions };

/** Starts `topology` and returns its handle. */
export async function runTopology(topology: Topology, opts: RunOptions): Promise<RunningPipeline> {
  const p = new Pipeline(topology, opts);
  await p.start();
  return p;
}

interface RunningSource {
  spec: ComponentSpec;
  source: Source;
  abort: AbortController;
  running: Promise<void>;
}

interface RunningSink {
  spec: ComponentSpec;
  sink: Sink;
  chain: Promise<void>;
}

const key = (component: string, port: string) => `${component}.${port}`;
const specKey = (s: ComponentSpec) => JSON.stringify([s.kind, s.type, s.config, s.inputs]);

class Pipeline implements RunningPipeline {
  topology: Topology;
  done: Promise<void>;
  #opts: RunOptions;
  #clock: Clock;
  #sources = new Map<string, RunningSource>();
  #sinks = new Map<string, RunningSink>();
  #partitions: Partition[] = [];
  #credits: Credits[] = [];
  #inflight = new Set<Promise<void>>();
  #taps = new Map<string, Set<(b: Batch) => void>>();
  /** `component.port` → sinks reading it. */
  #sinkRoutes = new Map<string, string[]>();
  /** `component.port` keys some transform reads. */
  #transformInputs = new Set<string>();
  #transformNames = new Set<string>();
  #book = new MetricsBook();
  #gate: Promise<void> = Promise.resolve();
  #reported = new WeakSet<object>();
  #poll: ReturnType<typeof setInterval> | undefined;
  #stopped = false;
  #finished: Promise<void> | undefined;
  #resolveDone!: () => void;
  #rejectDone!: (e: unknown) => void;

  constructor(topology: Topology, opts: RunOptions) {
    this.topology = topology;
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.done = new Promise((res, rej) => {
      this.#resolveDone = res;
      this.#rejectDone = rej;
    });
    this.done.catch(() => {});
  }

  async start(): Promise<void> {
    this.#wire(this.topology);
    await this.#startPartitions(this.topology, undefined);
    for (const spec of this.topology.components) {
      if (spec.kind === "sink") await this.#startSink(spec);
    }
    for (const spec of this.topology.components) {
      if (spec.kind === "source") await this.#startSource(spec);
    }
    this.#poll = setInterval(() => void this.#pollMetrics(), 1000);
    Deno.unrefTimer(this.#poll as unknown as number);
    void this.#watchSources();
  }

  #wire(t: Topology): void {
    this.#sinkRoutes.clear();
    this.#transformInputs.clear();
    this.#transformNames = new Set(
      t.components.filter((c) => c.kind === "transform").map((c) => c.name),
    );
    for (const spec of t.components) {
      this.#book.counter(spec.name);
      for (const input of spec.inputs) {
        const k = key(input.component, input.port);
        if (spec.kind === "sink") {
          const list = this.#sinkRoutes.get(k) ?? [];
          list.push(spec.name);
          this.#sinkRoutes.set(k, list);
        } else if (spec.kind === "transform") this.#transformInputs.add(k);
      }
    }
  }

  /** Transform outputs that must leave the partitions: sink inputs and taps. */
  #exports(): string[] {
    const out = new Set<string>();
    for (const k of [...this.#sinkRoutes.keys(), ...this.#taps.keys()]) {
      const component = k.slice(0, k.lastIndexOf("."));
      if (this.#transformNames.has(component)) out.add(k);
    }
    return [...out];
  }

  async #startPartitions(t: Topology, restore: Record<string, unknown>[] | undefined) {
    const transforms = t.components.filter((c) => c.kind === "transform");
    if (transforms.length === 0) {
      this.#partitions = [];
      this.#credits = [];
      return;
    }
    const workers = this.#opts.workers ?? t.workers ?? navigator.hardwareConcurrency ?? 2;
    const n = Math.max(1, workers);
    const make = workers === 0 ? InlinePartition.create : WorkerPartition.create;
    this.#partitions = await Promise.all(
      Array.from({ length: n }, (_, partition) =>
        make({
          transforms,
          partition,
          partitions: n,
          services: this.#opts.services,
          clock: this.#clock,
          exports: this.#exports(),
          restore: restore?.[partition],
        })),
    );
    this.#credits = this.#partitions.map(() => new Credits(this.#opts.inflight ?? 4));
    this.#book.replicas = this.#partitions.map(() => ({}));
  }

  async #startSink(spec: ComponentSpec): Promise<void> {
    const sink = await spec.def.build(spec.config, {
      name: spec.name,
      clock: this.#clock,
      services: this.#opts.services,
      inputs: spec.inputs.map((i) => i.component),
    }) as Sink;
    this.#sinks.set(spec.name, { spec, sink, chain: Promise.resolve() });
  }

  async #startSource(spec: ComponentSpec): Promise<void> {
    const source = await spec.def.build(spec.config, {
      name: spec.name,
      clock: this.#clock,
      services: this.#opts.services,
      inputs: [],
    }) as Source;
    const abort = new AbortController();
    const name = spec.name;
    const counters = this.#book.counter(name);
    const emit = async (batch: Batch, track?: Promise<void>[]) => {
      await this.#gate;
      const n = batchSize(batch);
      counters.records_out += n;
      if (batch.kind === "readings" && n > 0) {
        counters.max_event_ts = Math.max(counters.max_event_ts, batch.ts[n - 1]);
      }
      // An empty tracked batch only carries the pending rejections.
      if (n > 0 || !track) await this.#route(name, "out", batch, track);
    };
    // Rejections not yet written, and the first failure among them: both are
    // handed to the next tracked emit, so a source can commit its input after them.
    const pendingRejects = new Set<Promise<void>>();
    let rejectError: { error: unknown } | undefined;
    const running = source.run({
      name,
      clock: this.#clock,
      signal: abort.signal,
      checkpoint: {
        pipeline: this.topology.name,
        snapshot: () => this.#snapshotState(),
        restore: (snapshot) => this.#restoreState(snapshot),
      },
      emit: (batch) => emit(batch),
      emitTracked: async (batch) => {
        const track: Promise<void>[] = [...pendingRejects];
        await emit(batch, track);
        const durable = Promise.all(track).then(() => {
          const failed = rejectError;
          rejectError = undefined;
          if (failed) throw failed.error;
        });
        durable.catch(() => {});
        return { durable };
      },
      reject: (record, reason, ts = 0) => {
        counters.dlq++;
        const r: Rejected = { kind: "rejected", ts, component: name, reason, record };
        const track: Promise<void>[] = [];
        const written: Promise<void> = this.#route(name, "dlq", eventBatch([r]), track)
          .then(() => Promise.all(track))
          .then(() => {}, (error) => void (rejectError ??= { error }))
          .finally(() => pendingRejects.delete(written));
        pendingRejects.add(written);
      },
    }).catch((e) => {
      if (abort.signal.aborted) return;
      counters.errors++;
      this.#fail(name, e);
    });
    this.#sources.set(name, { spec, source, abort, running });
  }

  async #watchSources(): Promise<void> {
    // When every source has ended on its own (finite inputs), flush and close.
    while (!this.#stopped) {
      const running = [...this.#sources.values()].map((s) => s.running);
      await Promise.all(running);
      if ([...this.#sources.values()].every((s) => running.includes(s.running))) break;
    }
    if (!this.#stopped) await this.stop();
  }

  /**
   * Sends a batch from `component.port` to taps, sinks and (split by key) to partitions.
   * With `track`, pushes one promise per downstream path that settles when the sinks on it
   * have written the batch or what the transforms made of it (rejecting if a write failed).
   */
  async #route(
    component: string,
    port: string,
    batch: Batch,
    track?: Promise<void>[],
  ): Promise<void> {
    const k = key(component, port);
    this.#tapOut(k, batch);
    const sinks = this.#sinkRoutes.get(k);
    const toTransforms = this.#transformInputs.has(k) && this.#partitions.length > 0;
    if (toTransforms) {
      // A batch also read on this thread must not be transferred (its buffers would detach).
      const transfer = !sinks?.length && !this.#taps.has(k);
      const parts = splitByPartition(batch, this.#partitions.length);
      for (const [p, part] of parts) {
        await this.#credits[p].acquire();
        const delivered = this.#partitions[p].process(component, port, part, transfer)
          .then((outbox) => this.#deliver(outbox));
        track?.push(delivered);
        const work: Promise<void> = delivered
          .catch((e) => this.#fail(`partition ${p}`, e))
          .finally(() => {
            this.#credits[p].release();
            this.#inflight.delete(work);
          });
        this.#inflight.add(work);
      }
    }
    if (sinks) {
      const written = Promise.all(sinks.map((s) => this.#write(s, component, port, batch)));
      track?.push(written.then(() => {}));
      await written.catch(() => {}); // reported by #write; tracked emits see it through `track`
    }
  }

  /** Writes a partition's output to taps and sinks; rejects (after all items) if a write failed. */
  async #deliver(outbox: OutboxItem[]): Promise<void> {
    let failed: { error: unknown } | undefined;
    for (const item of outbox) {
      const k = key(item.component, item.port);
      this.#tapOut(k, item.batch);
      const sinks = this.#sinkRoutes.get(k);
      if (sinks) {
        await Promise.all(sinks.map((s) => this.#write(s, item.component, item.port, item.batch)))
          .catch((error) => void (failed ??= { error }));
      }
    }
    if (failed) throw failed.error;
  }

  /** Queues a write on the sink; the promise rejects if it failed (the sink's chain goes on). */
  #write(sinkName: string, from: string, port: string, batch: Batch): Promise<void> {
    const s = this.#sinks.get(sinkName);
    if (!s) return Promise.resolve();
    const counters = this.#book.counter(sinkName);
    const input = port === "out" ? from : `${from}.${port}`;
    const n = batchSize(batch);
    // Writes to one sink are serialised, in arrival order.
    const result = s.chain.then(async () => {
      const t0 = performance.now();
      let failed: { error: unknown } | undefined;
      try {
        await s.sink.write(batch, input);
        counters.records_in += n;
        if (batch.kind === "readings" && n > 0) {
          counters.max_event_ts = Math.max(counters.max_event_ts, batch.ts[n - 1]);
        }
      } catch (e) {
        counters.errors++;
        this.#fail(sinkName, e);
        failed = { error: e };
      }
      counters.latency.record(performance.now() - t0);
      if (failed) throw failed.error;
    });
    s.chain = result.catch(() => {});
    return result;
  }

  #tapOut(k: string, batch: Batch): void {
    const listeners = this.#taps.get(k);
    if (!listeners) return;
    for (const l of listeners) {
      try {
        l(batch);
      } catch (e) {
        this.#fail(`tap ${k}`, e);
      }
    }
  }

  #fail(component: string, error: unknown): void {
    // A sink error also fails the paths that led to it: report it once.
    if (typeof error === "object" && error !== null) {
      if (this.#reported.has(error)) return;
      this.#reported.add(error);
    }
    if (this.#opts.onError) this.#opts.onError(component, error);
    else console.error(`sluice: ${component}: ${error instanceof Error ? error.message : error}`);
  }

  async #drainInflight(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight]);
  }

  async #pollMetrics(): Promise<void> {
    try {
      this.#book.replicas = await Promise.all(this.#partitions.map((p) => p.metrics()));
    } catch {
      // A partition that is closing does not answer; keep the last numbers.
    }
    this.#book.updateRates(this.metrics(), performance.now());
  }

  metrics(): ComponentMetrics[] {
    return this.#book.metrics(this.topology.components, this.#clock.now());
  }

  /** Waits for in-flight work and refreshes transform metrics (for tests and shutdown). */
  async settle(): Promise<void> {
    await this.#drainInflight();
    await this.#pollMetrics();
  }

  prometheus(): string {
    return toPrometheus(this.topology.name, this.metrics());
  }

  tap(component: string, port: string | undefined, listener: (batch: Batch) => void): () => void {
    const k = key(component, port ?? "out");
    const set = this.#taps.get(k) ?? new Set();
    set.add(listener);
    this.#taps.set(k, set);
    void this.#updateExports();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#taps.delete(k);
      void this.#updateExports();
    };
  }

  async #updateExports(): Promise<void> {
    const exports = this.#exports();
    await Promise.all(this.#partitions.map((p) => p.setExports(exports))).catch(() => {});
  }

  async control(component: string | undefined, command: SourceCommand): Promise<unknown[]> {
    if (component === undefined) {
      const takers = [...this.#sources.values()].filter((s) => s.source.control);
      if (takers.length === 0) throw new Error("No source in this pipeline takes commands");
      return takers.map((s) => s.source.control!(command));
    }
    const src = this.#sources.get(component);
    if (src) {
      if (!src.source.control) throw new Error(`Source "${component}" does not take commands`);
      return [src.source.control(command)];
    }
    if (this.#transformNames.has(component)) {
      return await Promise.all(this.#partitions.map((p) => p.control(component, command)));
    }
    throw new Error(`No source or transform named "${component}" in this pipeline`);
  }

  /** Holds the sources' emits while `fn` runs on a quiet pipeline (no batch in flight). */
  async #quiet<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.#gate;
    let open!: () => void;
    this.#gate = new Promise((r) => open = r);
    try {
      await before;
      await this.#drainInflight();
      return await fn();
    } finally {
      open();
    }
  }

  #snapshotState(): Promise<TransformSnapshot> {
    return this.#quiet(async () => ({
      partitions: this.#partitions.length,
      specs: specFingerprints(this.topology.components),
      states: await Promise.all(this.#partitions.map((p) => p.snapshot())),
    }));
  }

  #restoreState(snapshot: TransformSnapshot | undefined): Promise<string[]> {
    return this.#quiet(async () => {
      if (this.#partitions.length === 0) return [];
      const restore = restorable(
        snapshot,
        specFingerprints(this.topology.components),
        this.#partitions.length,
      );
      await Promise.all(this.#partitions.map((p) => p.close().catch(() => {})));
      await this.#startPartitions(this.topology, restore);
      return [...new Set(restore?.flatMap((r) => Object.keys(r)) ?? [])];
    });
  }

  reload(next: Topology): Promise<void> {
    return this.#quiet(async () => {
      const old = new Map(this.topology.components.map((c) => [c.name, c]));
      const unchanged = new Set(
        next.components.filter((c) => old.has(c.name) && specKey(old.get(c.name)!) === specKey(c))
          .map((c) => c.name),
      );
      // Keyed state of unchanged transforms moves to the new partitions (same count → same keys).
      const snapshots = await Promise.all(this.#partitions.map((p) => p.snapshot()));
      const sameCount = (this.#opts.workers ?? next.workers ?? navigator.hardwareConcurrency) ===
        (this.#opts.workers ?? this.topology.workers ?? navigator.hardwareConcurrency);
      const restore = sameCount
        ? snapshots.map((s) =>
          Object.fromEntries(Object.entries(s).filter(([name]) => unchanged.has(name)))
        )
        : undefined;
      await Promise.all(this.#partitions.map((p) => p.close()));
      for (const [name, s] of this.#sinks) {
        if (unchanged.has(name)) continue;
        await s.chain;
        await s.sink.flush?.();
        await s.sink.close?.();
        this.#sinks.delete(name);
      }
      for (const [name, s] of this.#sources) {
        if (unchanged.has(name)) continue;
        s.abort.abort(new Error("reloaded"));
        this.#sources.delete(name);
      }
      this.topology = next;
      this.#wire(next);
      await this.#startPartitions(next, restore);
      for (const spec of next.components) {
        if (spec.kind === "sink" && !this.#sinks.has(spec.name)) await this.#startSink(spec);
      }
      for (const spec of next.components) {
        if (spec.kind === "source" && !this.#sources.has(spec.name)) await this.#startSource(spec);
      }
    });
  }

  stop(): Promise<void> {
    this.#finished ??= this.#finish();
    return this.#finished;
  }

  async #finish(): Promise<void> {
    this.#stopped = true;
    try {
      for (const s of this.#sources.values()) s.abort.abort(new Error("stopped"));
      await Promise.all([...this.#sources.values()].map((s) => s.running));
      await this.#drainInflight();
      // End of input: open windows and buffers flush downstream, then sinks.
      for (const p of this.#partitions) {
        try {
          await this.#deliver(await p.flush());
        } catch (e) {
          this.#fail("flush", e);
        }
      }
      await this.#pollMetrics();
      for (const s of this.#sinks.values()) {
        await s.chain;
        try {
          await s.sink.flush?.();
          await s.sink.close?.();
        } catch (e) {
          this.#fail(s.spec.name, e);
        }
      }
      await Promise.all(this.#partitions.map((p) => p.close().catch(() => {})));
      clearInterval(this.#poll);
      this.#resolveDone();
    } catch (e) {
      this.#rejectDone(e);
      throw e;
    }
  }
}
