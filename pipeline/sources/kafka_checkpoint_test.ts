import { deepEqual, equal, notDeepEqual, ok } from "node:assert/strict";
import { z } from "zod";
import type { Batch } from "../engine/batch.ts";
import { readingsOf } from "../engine/batch.ts";
import { MemoryCheckpointStore } from "../engine/checkpoint.ts";
import { ManualClock } from "../engine/clock.ts";
import type { AnyComponentDef, SinkDef } from "../engine/component.ts";
import type { Aggregate } from "../engine/record.ts";
import { runTopology } from "../engine/run.ts";
import { topologyOf } from "../testing/topology_builder.ts";
import { MemoryTransport } from "../transport/memory_transport.ts";
import { KafkaSource, kafkaSource } from "./kafka.ts";
import { checkpointScope } from "./kafka_checkpoint.ts";

const T0 = Date.UTC(2024, 0, 1);
const N = 3000;
const services = { baseDir: ".", env: {} };

/** N readings of A, B, C every 100 ms each, keyed by machine over 2 partitions. */
async function stream(): Promise<MemoryTransport> {
  const t = new MemoryTransport();
  t.fetchSize = 77; // batch edges fall inside windows
  await t.ensureTopics([{ topic: "t", partitions: 2 }]);
  await t.producer().send(
    "t",
    Array.from({ length: N }, (_, i) => {
      const machine = "ABC"[i % 3];
      const value = 1000 + ((i * 7919) % 1000) / 10;
      const r = { ts: T0 + Math.floor(i / 3) * 100, machine, sensor: "rpm", value };
      return { key: machine, value: JSON.stringify(r) };
    }),
  );
  return t;
}

/**
 * Collects readings (by id) and aggregates; each write moves the clock 400 ms,
 * so checkpoints (every 1 s) fall at fixed batch boundaries. After `holdAfter`
 * reading writes, writes wait until `release()`. `all()` waits until `ids` holds all N.
 */
function collector(clock: ManualClock, holdAfter = Infinity, ids = new Set<string>()) {
  const aggregates: Aggregate[] = [];
  const hold = Promise.withResolvers<void>();
  const held = Promise.withResolvers<void>();
  let readingWrites = 0;
  let want = { n: Infinity, resolve: () => {} };
  const def: SinkDef<unknown> = {
    kind: "sink",
    type: "test_collect",
    summary: "test",
    config: z.object({}),
    accepts: ["reading", "aggregate"],
    examples: [],
    build: () => ({
      async write(batch: Batch) {
        clock.advance(400);
        if (batch.kind === "readings") {
          if (++readingWrites > holdAfter) {
            held.resolve();
            await hold.promise;
          }
          for (const r of readingsOf(batch)) ids.add(r.id!);
          if (ids.size >= want.n) want.resolve();
        } else aggregates.push(...batch.records as Aggregate[]);
      },
    }),
  };
  const all = () =>
    new Promise<void>((resolve) => {
      want = { n: N, resolve };
      if (ids.size >= N) resolve();
    });
  return { def, ids, aggregates, held: held.promise, release: () => hold.resolve(), all };
}

function pipeline(
  t: MemoryTransport,
  store: MemoryCheckpointStore,
  sink: SinkDef<unknown>,
  clock: ManualClock,
  opts: { group: string; interval?: string },
) {
  const src: AnyComponentDef = {
    ...kafkaSource,
    build: (cfg) => new KafkaSource(cfg, t, store),
  };
  const config = {
    topics: ["t"],
    group_id: opts.group,
    checkpoint_interval: opts.interval ?? "1s",
  };
  return runTopology(
    topologyOf("ckpt", [
      { name: "src", kind: "source", def: src, config },
      {
        name: "win",
        kind: "transform",
        type: "window",
        inputs: ["src"],
        config: { kind: "tumbling", size: "1s", watermark: "0s", allowed_lateness: "1h" },
      },
      { name: "db", kind: "sink", def: sink, inputs: ["src", "win"] },
    ]),
    { services, clock, workers: 0 },
  );
}

/** What an aggregates table holds after upserts where the higher count wins. */
function table(aggregates: Aggregate[]) {
  const rows = new Map<string, Aggregate>();
  for (const a of aggregates) {
    const k = `${a.machine}/${a.window_start}`;
    const prev = rows.get(k);
    if (!prev || prev.count < a.count) rows.set(k, a);
  }
  return [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([k, a]) =>
    [k, a.count, a.mean, a.min, a.max, a.stddev, a.last, a.slope] as const
  );
}

/** A crash-free run over the whole stream. */
async function reference() {
  const clock = new ManualClock(0, false);
  const sink = collector(clock);
  const p = await pipeline(await stream(), new MemoryCheckpointStore(), sink.def, clock, {
    group: "ref",
  });
  await sink.all();
  await p.stop();
  return table(sink.aggregates);
}

/** Runs until `holdAfter` reading batches were written, "crashes", restarts and finishes. */
async function crashAndRestart(interval: string, lagCommits = false) {
  const t = await stream();
  const store = new MemoryCheckpointStore();
  const clock = new ManualClock(0, false);
  const first = collector(clock, 12);
  const p1 = await pipeline(t, store, first.def, clock, { group: "g", interval });
  await first.held;
  // The process dies here: nothing it would save or commit from now on lands.
  store.failSaves = true;
  const commit = t.groups.get("g")!;
  const frozen = new Map(commit);
  const stopped = p1.stop();
  first.release();
  await stopped;
  if (interval !== "0s") {
    commit.clear();
    // lagCommits: the crash fell between the checkpoint and the group commit (of the first one).
    for (const [k, v] of frozen) commit.set(k, lagCommits ? "0" : v);
  }
  store.failSaves = false;
  const second = collector(clock, Infinity, new Set(first.ids));
  const p2 = await pipeline(t, store, second.def, clock, { group: "g", interval });
  await second.all();
  const status = await p2.control("src", { action: "status" }) as { checkpoints: number }[];
  await p2.stop();
  return {
    table: table([...first.aggregates, ...second.aggregates]),
    readings: second.ids.size,
    store,
    restarted: status[0],
  };
}

Deno.test("kafka source checkpoints make window aggregates after a crash equal a crash-free run", async () => {
  const expected = await reference();
  equal(expected.length, 300, "100 one-second windows for each of 3 machines");
  ok(expected.every(([, count]) => count === 10));
  const crashed = await crashAndRestart("1s");
  equal(crashed.readings, N);
  deepEqual(crashed.table, expected);
  const saved = await crashed.store.load(
    "ckpt",
    checkpointScope("src", [
      { topic: "t", partition: 0 },
      { topic: "t", partition: 1 },
    ]),
  );
  ok(saved, "the restarted source stored a checkpoint of both partitions");
  equal(saved.state.partitions, 1);
  const end = Object.values(saved.offsets).reduce((s, o) => s + Number(o), 0);
  equal(end, N, "the last checkpoint covers the whole stream");
});

Deno.test("without checkpoints the same crash loses the part of a window read before it", async () => {
  const expected = await reference();
  const crashed = await crashAndRestart("0s");
  equal(crashed.readings, N, "readings themselves are still exact");
  notDeepEqual(crashed.table, expected);
  ok(crashed.table.some(([, count]) => count < 10), "a window spanning the crash is short");
});

Deno.test("kafka source skips re-delivered messages the restored checkpoint already holds", async () => {
  const expected = await reference();
  const crashed = await crashAndRestart("1s", true);
  equal(crashed.readings, N);
  deepEqual(crashed.table, expected);
});
