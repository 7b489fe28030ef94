import { deepEqual, equal, match, ok } from "node:assert/strict";
import { z } from "zod";
import type { Batch } from "../engine/batch.ts";
import { readingsOf } from "../engine/batch.ts";
import type { AnyComponentDef, SinkDef } from "../engine/component.ts";
import type { Reading, Rejected } from "../engine/record.ts";
import { runTopology } from "../engine/run.ts";
import { topologyOf } from "../testing/topology_builder.ts";
import { MemoryTransport } from "../transport/memory_transport.ts";
import { KafkaSource, kafkaSource } from "./kafka.ts";

const T0 = Date.UTC(2024, 0, 1);
const services = { baseDir: ".", env: {} };

/** `n` good readings of machines A..C as JSON messages. */
function readings(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => JSON.stringify({ ts: T0 + i, machine: "ABC"[i % 3], sensor: "rpm", value: 1000 + i }),
  );
}

/** Collects what reaches it; `gate` holds writes; `failAt` makes the n-th write throw. */
function memorySink(opts: { gate?: Promise<void>; failAt?: number } = {}) {
  const got: Reading[] = [];
  const rejected: Rejected[] = [];
  let writes = 0;
  const firstWrite = Promise.withResolvers<void>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const def: SinkDef<unknown> = {
    kind: "sink",
    type: "test_memory",
    summary: "test",
    config: z.object({}),
    accepts: ["reading", "rejected"],
    examples: [],
    build: () => ({
      async write(batch: Batch) {
        firstWrite.resolve();
        if (opts.gate) await opts.gate;
        if (++writes === opts.failAt) throw new Error("disk full");
        if (batch.kind === "readings") got.push(...readingsOf(batch));
        else for (const r of batch.records) if (r.kind === "rejected") rejected.push(r);
        for (const w of waiters) if (got.length + rejected.length >= w.n) w.resolve();
      },
    }),
  };
  const received = (n: number) =>
    new Promise<void>((resolve) => {
      if (got.length + rejected.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return { def, got, rejected, firstWrite: firstWrite.promise, received };
}

function sourceDef(transport: MemoryTransport): AnyComponentDef {
  return { ...kafkaSource, build: (cfg) => new KafkaSource(cfg, transport) };
}

async function setup(messages: (string | null)[], partitions = 1) {
  const transport = new MemoryTransport();
  await transport.ensureTopics([{ topic: "t", partitions }]);
  transport.append("t", 0, messages);
  return transport;
}

const config = { topics: ["t"], group_id: "g", machines: ["A", "B", "C"] };

Deno.test("kafka source commits offsets only after the sink has durably written the batch", async () => {
  const transport = await setup(readings(250));
  const gate = Promise.withResolvers<void>();
  const sink = memorySink({ gate: gate.promise });
  const p = await runTopology(
    topologyOf("t", [
      { name: "src", kind: "source", def: sourceDef(transport), config },
      { name: "clean", kind: "transform", type: "validate", inputs: ["src"] },
      { name: "mem", kind: "sink", def: sink.def, inputs: ["clean"] },
    ]),
    { services, workers: 0 },
  );
  await sink.firstWrite;
  deepEqual(await transport.committed("g", "t"), [{ topic: "t", partition: 0, offset: "-1" }]);
  gate.resolve();
  await sink.received(250);
  await p.stop();
  equal(sink.got.length, 250);
  deepEqual(await transport.committed("g", "t"), [{ topic: "t", partition: 0, offset: "250" }]);
  deepEqual(sink.got.slice(0, 2).map((r) => r.id), ["t:0:0", "t:0:1"]);
});

Deno.test("kafka source sends poison records to .dlq with the reason and goes on", async () => {
  const good = readings(2);
  const transport = await setup([
    good[0],
    "{oops",
    '{"ts":1,"machine":"Q","sensor":"rpm","value":1}',
    good[1],
  ]);
  const sink = memorySink();
  const p = await runTopology(
    topologyOf("t", [
      { name: "src", kind: "source", def: sourceDef(transport), config },
      { name: "mem", kind: "sink", def: sink.def, inputs: ["src", "src.dlq"] },
    ]),
    { services, workers: 0 },
  );
  await sink.received(4);
  await p.stop();
  deepEqual(sink.got.map((r) => r.id), ["t:0:0", "t:0:3"]);
  equal(sink.rejected.length, 2);
  match(sink.rejected[0].reason, /^bad JSON: .*\(at t:0:1\)$/);
  equal(sink.rejected[1].reason, 'unknown machine "Q" (known: A, B, C) (at t:0:2)');
  equal(sink.rejected[1].component, "src");
  deepEqual(await transport.committed("g", "t"), [{ topic: "t", partition: 0, offset: "4" }]);
});

Deno.test("kafka source stops at a failed write and leaves that batch uncommitted", async () => {
  const transport = await setup(readings(300));
  const sink = memorySink({ failAt: 2 });
  const errors: string[] = [];
  const p = await runTopology(
    topologyOf("t", [
      {
        name: "src",
        kind: "source",
        def: sourceDef(transport),
        config: { ...config, max_inflight: 1 },
      },
      { name: "mem", kind: "sink", def: sink.def, inputs: ["src"] },
    ]),
    { services, workers: 0, onError: (c, e) => errors.push(`${c}: ${(e as Error).message}`) },
  );
  await p.done;
  ok(
    errors.some((e) => e.startsWith("src: Cannot go on consuming t:0 at offset 100")),
    errors.join("\n"),
  );
  deepEqual(await transport.committed("g", "t"), [{ topic: "t", partition: 0, offset: "100" }]);
});

Deno.test("kafka source resumes from the committed offset after a restart", async () => {
  const transport = await setup(readings(150));
  for (const expected of [150, 0]) {
    const sink = memorySink();
    const p = await runTopology(
      topologyOf("t", [
        { name: "src", kind: "source", def: sourceDef(transport), config },
        { name: "mem", kind: "sink", def: sink.def, inputs: ["src"] },
      ]),
      { services, workers: 0 },
    );
    if (expected > 0) await sink.received(expected);
    await p.stop();
    equal(sink.got.length, expected);
  }
});
