/**
 * Runs a single transform or sink outside the engine, for unit tests of one
 * component: build it from a config, push batches, read what it emitted.
 */
import type { Batch } from "../engine/batch.ts";
import { batchSize, readingsOf } from "../engine/batch.ts";
import { ManualClock } from "../engine/clock.ts";
import type {
  AnyComponentDef,
  Operator,
  OperatorContext,
  Services,
  Sink,
  TransformContext,
} from "../engine/component.ts";
import type { Event, Reading, Rejected } from "../engine/record.ts";

export interface Harness {
  op: Operator;
  /** Batches emitted per port, in order. */
  outputs: Map<string, Batch[]>;
  rejected: Rejected[];
  late: number;
  clock: ManualClock;
  /** Every record emitted on `port` (readings as objects). */
  records(port?: string): (Reading | Event)[];
}

/** Builds a transform from `def` with `config` (parsed through its schema, so defaults apply). */
export async function harness(
  def: AnyComponentDef,
  config: unknown,
  opts: { name?: string; inputs?: string[]; services?: Partial<Services> } = {},
): Promise<Harness> {
  const name = opts.name ?? def.type;
  const clock = new ManualClock(0);
  const outputs = new Map<string, Batch[]>();
  const rejected: Rejected[] = [];
  const h = { outputs, rejected, late: 0, clock } as Harness;
  const ctx: OperatorContext = {
    name,
    clock,
    partition: 0,
    partitions: 1,
    emit: (batch, port = "out") => {
      if (batchSize(batch) === 0) return;
      const list = outputs.get(port) ?? [];
      list.push(batch);
      outputs.set(port, list);
    },
    reject: (record, reason, ts = 0) =>
      rejected.push({ kind: "rejected", ts, component: name, reason, record }),
    countLate: (n) => h.late += n,
  };
  const parsed = def.config.parse(config);
  const tctx: TransformContext = {
    ...ctx,
    inputs: opts.inputs ?? ["in"],
    services: { baseDir: ".", env: {}, ...opts.services },
  };
  h.op = await def.build(parsed, tctx) as Operator;
  h.records = (port = "out") =>
    (outputs.get(port) ?? []).flatMap((b): (Reading | Event)[] =>
      b.kind === "readings" ? readingsOf(b) : b.records
    );
  return h;
}

/** Builds a sink with the given services. */
export async function buildSink(
  def: AnyComponentDef,
  config: unknown,
  services: Partial<Services> = {},
  name = def.type,
): Promise<Sink> {
  return await def.build(def.config.parse(config), {
    name,
    clock: new ManualClock(0),
    inputs: ["in"],
    services: { baseDir: ".", env: {}, ...services },
  }) as Sink;
}
