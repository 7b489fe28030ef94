/**
 * A partition of the keyed transforms, inline or in a Deno worker. The
 * runtime talks to both through this one interface.
 */
import type { Batch } from "./batch.ts";
import { transferables } from "./batch.ts";
import type { Clock } from "./clock.ts";
import type { Services, SourceCommand } from "./component.ts";
import type { OutboxItem, ReplicaMetrics } from "./partition_runner.ts";
import { PartitionRunner } from "./partition_runner.ts";
import type { ComponentSpec } from "./topology.ts";

export interface Partition {
  process(from: string, port: string, batch: Batch, transfer: boolean): Promise<OutboxItem[]>;
  processAt(target: string, from: string, batch: Batch): Promise<OutboxItem[]>;
  flush(): Promise<OutboxItem[]>;
  snapshot(): Promise<Record<string, unknown>>;
  control(component: string, command: SourceCommand): Promise<unknown>;
  metrics(): Promise<Record<string, ReplicaMetrics>>;
  setExports(exports: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface PartitionOptions {
  transforms: ComponentSpec[];
  partition: number;
  partitions: number;
  services: Services;
  clock: Clock;
  exports: string[];
  restore?: Record<string, unknown>;
}

/** Runs the partition on the calling thread. */
export class InlinePartition implements Partition {
  private constructor(private runner: PartitionRunner) {}

  static async create(opts: PartitionOptions): Promise<InlinePartition> {
    return new InlinePartition(await PartitionRunner.create(opts));
  }

  process(from: string, port: string, batch: Batch): Promise<OutboxItem[]> {
    return this.runner.process(from, port, batch);
  }
  processAt(target: string, from: string, batch: Batch): Promise<OutboxItem[]> {
    return this.runner.processAt(target, from, batch);
  }
  flush(): Promise<OutboxItem[]> {
    return this.runner.flush();
  }
  snapshot(): Promise<Record<string, unknown>> {
    return Promise.resolve(this.runner.snapshot());
  }
  control(component: string, command: SourceCommand): Promise<unknown> {
    return this.runner.control(component, command);
  }
  metrics(): Promise<Record<string, ReplicaMetrics>> {
    return Promise.resolve(this.runner.metrics());
  }
  setExports(exports: string[]): Promise<void> {
    this.runner.setExports(exports);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return this.runner.close();
  }
}

/** What crosses into a worker: a spec without its (non-cloneable) definition. */
export interface WireSpec {
  name: string;
  kind: ComponentSpec["kind"];
  type: string;
  inputs: ComponentSpec["inputs"];
  config: unknown;
}

export type WorkerRequest =
  | {
    op: "init";
    specs: WireSpec[];
    partition: number;
    partitions: number;
    baseDir: string;
    env: Record<string, string | undefined>;
    exports: string[];
    restore?: Record<string, unknown>;
  }
  | { op: "process"; from: string; port: string; batch: Batch }
  | { op: "processAt"; target: string; from: string; batch: Batch }
  | { op: "flush" }
  | { op: "snapshot" }
  | { op: "control"; component: string; command: SourceCommand }
  | { op: "metrics" }
  | { op: "exports"; exports: string[] }
  | { op: "close" };

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

/** Runs the partition in a dedicated Deno worker; batches cross as transferable buffers. */
export class WorkerPartition implements Partition {
  #worker: Worker;
  #nextId = 1;
  #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const w = this.#waiting.get(e.data.id);
      if (!w) return;
      this.#waiting.delete(e.data.id);
      if (e.data.ok) w.resolve(e.data.result);
      else w.reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      const err = new Error(`partition worker crashed: ${e.message}`);
      for (const w of this.#waiting.values()) w.reject(err);
      this.#waiting.clear();
    };
  }

  static async create(opts: PartitionOptions): Promise<WorkerPartition> {
    const worker = new Worker(new URL("./partition_worker.ts", import.meta.url).href, {
      type: "module",
    });
    const p = new WorkerPartition(worker);
    await p.#call({
      op: "init",
      specs: opts.transforms.map(({ name, kind, type, inputs, config }) => ({
        name,
        kind,
        type,
        inputs,
        config,
      })),
      partition: opts.partition,
      partitions: opts.partitions,
      baseDir: opts.services.baseDir,
      env: opts.services.env,
      exports: opts.exports,
      restore: opts.restore,
    });
    return p;
  }

  #call<T>(req: WorkerRequest, transfer: Transferable[] = []): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ id, ...req }, transfer);
    });
  }

  process(from: string, port: string, batch: Batch, transfer: boolean): Promise<OutboxItem[]> {
    return this.#call({ op: "process", from, port, batch }, transfer ? transferables(batch) : []);
  }
  processAt(target: string, from: string, batch: Batch): Promise<OutboxItem[]> {
    return this.#call({ op: "processAt", target, from, batch });
  }
  flush(): Promise<OutboxItem[]> {
    return this.#call({ op: "flush" });
  }
  snapshot(): Promise<Record<string, unknown>> {
    return this.#call({ op: "snapshot" });
  }
  control(component: string, command: SourceCommand): Promise<unknown> {
    return this.#call({ op: "control", component, command });
  }
  metrics(): Promise<Record<string, ReplicaMetrics>> {
    return this.#call({ op: "metrics" });
  }
  setExports(exports: string[]): Promise<void> {
    return this.#call({ op: "exports", exports });
  }
  async close(): Promise<void> {
    try {
      await this.#call({ op: "close" });
    } finally {
      this.#worker.terminate();
    }
  }
}
