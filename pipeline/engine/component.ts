/**
 * The component contract: every source, transform and sink type is one
 * {@link ComponentDef}. Validation, `topology.schema.json`, the docs page and
 * the runtime are all derived from these definitions.
 */
import type { z } from "zod";
import type { Batch } from "./batch.ts";
import type { StateHost } from "./checkpoint.ts";
import type { Clock } from "./clock.ts";
import type { RecordType } from "./record.ts";

export type ComponentKind = "source" | "transform" | "sink";

/** Hands a batch to the operator's output `port` ("out" unless named: "late", "alerts", …). */
export type Emit = (batch: Batch, port?: string) => void;

/** Per-record refusal: the runtime routes it to the component's `.dlq` output and counts it. */
export type Reject = (record: unknown, reason: string, ts?: number) => void;

/** What a running operator may use besides its config. */
export interface OperatorContext {
  /** Component name in the topology. */
  name: string;
  emit: Emit;
  reject: Reject;
  /** Counts records that arrived too late for any window (also emitted on `.late`). */
  countLate(n: number): void;
  clock: Clock;
  /** Partition index of this replica and the partition count (keyed transforms only). */
  partition: number;
  partitions: number;
}

/**
 * A transform: runs keyed, one replica per worker, and sees only the keys
 * (machines) of its partition, in order per key.
 */
export interface Operator {
  /** Processes one batch that arrived from input `input` (a component name). */
  process(batch: Batch, input: string): void | Promise<void>;
  /** End of input: emit whatever is still buffered (open windows, …). */
  flush?(): void | Promise<void>;
  /** Keyed state for checkpoints and hot reload (JSON-serialisable). */
  snapshot?(): unknown;
  restore?(state: unknown): void;
  /** Runtime control (e.g. dynamic thresholds); returns a JSON answer. */
  control?(command: SourceCommand): unknown;
  close?(): void | Promise<void>;
}

export interface SourceContext {
  name: string;
  /** Sends a batch downstream; resolves when there is room (backpressure). */
  emit(batch: Batch): Promise<void>;
  /**
   * Like {@link emit} (resolves when there is room), and also reports delivery:
   * `durable` settles once every sink the batch reaches has written it — directly
   * or as what transforms emitted while processing it — together with the records
   * this source rejected since its previous tracked emit; it rejects when one of
   * those writes failed. Output a transform emits later (a window closed by a
   * later watermark) is not covered. Sources commit their input offsets on it
   * (effectively-once). Optional: hosts other than the engine may omit it.
   */
  emitTracked?(batch: Batch): Promise<{ durable: Promise<void> }>;
  reject: Reject;
  clock: Clock;
  /**
   * Snapshot and restore of the transforms' keyed state, for sources that
   * checkpoint it with their input positions (see `checkpoint.ts`). Optional:
   * hosts other than the engine may omit it.
   */
  checkpoint?: StateHost;
  /** Aborted when the pipeline stops. */
  signal: AbortSignal;
}

/** A source produces batches until its input ends or the signal aborts. */
export interface Source {
  run(ctx: SourceContext): Promise<void>;
  /** Runtime control (simulator start/stop/inject, rate…); returns a JSON answer. */
  control?(command: SourceCommand): unknown;
}

export interface SourceCommand {
  action: string;
  [key: string]: unknown;
}

/** A sink consumes batches; `write` resolves once the batch is durably handled. */
export interface Sink {
  write(batch: Batch, input: string): Promise<void>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

/** Shared services the host (CLI, web server, tests) hands to components at build time. */
export interface Services {
  /** Postgres connection (npm:postgres Sql), when the host has one. */
  sql?: import("postgres").Sql;
  /** Fan-out hub for the `websocket` sink, when a web server runs. */
  hub?: { publish(batch: Batch, input: string, sink: string): void };
  /** Directory that relative paths in the topology resolve against. */
  baseDir: string;
  env: Record<string, string | undefined>;
}

export interface BuildContext {
  /** Component name in the topology. */
  name: string;
  clock: Clock;
  services: Services;
  /** Names of the components feeding this one. */
  inputs: string[];
}

/** What a transform's `build` gets: the build context plus its runtime context. */
export interface TransformContext extends BuildContext, OperatorContext {}

/** One component type. `C` is its parsed config (own options only). */
export interface ComponentDef<
  C = unknown,
  R = Operator | Source | Sink,
  X extends BuildContext = BuildContext,
> {
  kind: ComponentKind;
  /** The `type:` tag in topology files, snake_case. */
  type: string;
  /** One line for docs and editors. */
  summary: string;
  /** Strict zod object of the component's own options (not `type`/`inputs`), each field with `.meta({description})`. */
  config: z.ZodType<C>;
  /** Record types accepted on inputs (transforms and sinks). */
  accepts?: readonly RecordType[];
  /** Output ports and what they carry; `dlq` is added by the runtime. */
  outputs?: (config: C) => Record<string, RecordType>;
  /** Example configs (own options), each must validate and build. */
  examples: C[];
  build(config: C, ctx: X): R | Promise<R>;
}

export type SourceDef<C = unknown> = ComponentDef<C, Source>;
export type TransformDef<C = unknown> = ComponentDef<C, Operator, TransformContext>;
export type SinkDef<C = unknown> = ComponentDef<C, Sink>;

/** Type-erased definition, for registries. */
// deno-lint-ignore no-explicit-any
export type AnyComponentDef = ComponentDef<any, any, any>;
