/**
 * Kafka path throughput (SPEC §13): readings/s through a pipeline whose source
 * is the `kafka` component (decode → validate → discard, offsets committed
 * after the sink) against a raw kafkajs consume loop on the same broker and
 * topic. Both read the whole topic with a fresh consumer group; each rate is
 * timed from the first message received to the last, so group joins are not
 * counted. Needs a broker: KAFKA_BROKERS (default 127.0.0.1:9092).
 */
import { Kafka, logLevel } from "kafkajs";
import { runTopology } from "../pipeline/engine/run.ts";
import { topologyOf } from "../pipeline/testing/topology_builder.ts";
import { kafkaConnectionFromEnv } from "../pipeline/transport/kafka_env.ts";
import { kafkajsTransport } from "../pipeline/transport/kafkajs_transport.ts";
import type { OutgoingMessage } from "../pipeline/transport/transport.ts";

const M = Number(Deno.env.get("KAFKA_BENCH_READINGS") ?? 300_000);
const T0 = Date.UTC(2024, 0, 1);
const ROUNDS = 2;
const WORKERS = Number(Deno.env.get("KAFKA_BENCH_WORKERS") ?? 1);

/** Runs the comparison; returns the figure as one JSON-able object. */
export async function benchKafka(): Promise<Record<string, unknown>> {
  const env = { KAFKA_BROKERS: "127.0.0.1:9092", ...Deno.env.toObject() };
  const conn = kafkaConnectionFromEnv(env);
  const t = kafkajsTransport(conn, { level: "nothing" });
  const topic = `bench_kafka_${Date.now().toString(36)}`;
  await t.ensureTopics([{ topic, partitions: 6 }]);
  try {
    const p = t.producer({ compression: "none" });
    for (let i = 0; i < M; i += 5000) {
      const msgs: OutgoingMessage[] = [];
      for (let j = i; j < Math.min(M, i + 5000); j++) {
        const machine = "ABC"[j % 3];
        msgs.push({
          key: machine,
          value: JSON.stringify({
            ts: T0 + Math.floor(j / 3) * 10,
            machine,
            sensor: "rpm",
            value: 1000 + (j % 2000),
            unit: "rpm",
          }),
        });
      }
      await p.send(topic, msgs);
    }
    await p.close();
    // Alternating rounds, best of each: the broker shares the machine, so single runs are noisy.
    let raw = 0;
    let pipeline = 0;
    for (let round = 0; round < ROUNDS; round++) {
      raw = Math.max(raw, await rawLoop(conn.brokers, topic, round));
      pipeline = Math.max(pipeline, await pipelineRun(env, topic, round));
    }
    return {
      figure: "kafka_vs_kafkajs",
      readings: M,
      rounds: ROUNDS,
      workers: WORKERS,
      pipeline_readings_per_s: Math.round(pipeline),
      kafkajs_raw_readings_per_s: Math.round(raw),
      ratio: Number((pipeline / raw).toFixed(3)),
      target: 0.8,
      pipeline: "kafka source (decode, ids, offset commits after sink) → validate → discard",
      raw: "kafkajs eachBatch loop with JSON.parse per message, no commits",
    };
  } finally {
    await t.deleteTopics([topic]).catch(() => {});
  }
}

/** Raw kafkajs: eachBatch, JSON.parse every value, count. Returns messages/s. */
async function rawLoop(brokers: string[], topic: string, round: number): Promise<number> {
  const kafka = new Kafka({ brokers, clientId: "bench-raw", logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${topic}_raw${round}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let n = 0;
  let first = 0;
  const done = Promise.withResolvers<number>();
  const dec = new TextDecoder();
  let sink = 0;
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      if (first === 0) first = performance.now();
      for (const m of batch.messages) sink += JSON.parse(dec.decode(m.value!)).value > 0 ? 1 : 0;
      n += batch.messages.length;
      if (n >= M) done.resolve(performance.now());
      await Promise.resolve();
    },
  });
  const end = await done.promise;
  await consumer.disconnect();
  if (sink < 0) console.error(sink); // keeps the parse from being optimised away
  return n / ((end - first) / 1000);
}

/** The sluice pipeline with the `kafka` source. Returns readings/s. */
async function pipelineRun(
  env: Record<string, string>,
  topic: string,
  round: number,
): Promise<number> {
  const topology = topologyOf("bench-kafka", [
    {
      name: "src",
      kind: "source",
      type: "kafka",
      config: { topics: [topic], group_id: `${topic}_sluice${round}`, machines: ["A", "B", "C"] },
    },
    { name: "clean", kind: "transform", type: "validate", inputs: ["src"] },
    { name: "out", kind: "sink", type: "discard", inputs: ["clean"] },
  ], { workers: WORKERS });
  const p = await runTopology(topology, { services: { baseDir: ".", env } });
  let n = 0;
  let first = 0;
  const done = Promise.withResolvers<number>();
  // Counted at the end of the pipeline (validated readings back from the workers); a tap
  // on the source would also keep its batches from being transferred to the workers.
  p.tap("clean", "out", (b) => {
    if (first === 0) first = performance.now();
    n += b.kind === "readings" ? b.n : 0;
    if (n >= M) done.resolve(performance.now());
  });
  const end = await done.promise;
  await p.stop();
  return n / ((end - first) / 1000);
}

if (import.meta.main) console.log(JSON.stringify(await benchKafka()));
