/**
 * Scale-out by consumer group: two pipeline processes split the partitions;
 * one is killed, the other takes its partitions over; totals are exact.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import {
  committedTotal,
  consumerYaml,
  freshDatabase,
  PipelineProcess,
  produceReadings,
  readingCount,
  requireServices,
  skip,
  transport,
  uniqueName,
  waitUntil,
  writeTopology,
} from "./kafka_support.ts";

const N = 40_000;

Deno.test({
  name: "two kafka pipelines in one group split the partitions; the survivor takes over",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    requireServices();
    const t = transport();
    const topic = uniqueName("kt_scale");
    await t.ensureTopics([{ topic, partitions: 6 }]);
    const db = await freshDatabase(topic);
    const file = await writeTopology(consumerYaml({ topic, group: topic, fetchBytes: 32_768 }));
    const env = { KAFKA_BROKERS: Deno.env.get("KAFKA_BROKERS")!, DATABASE_URL: db.url };
    const a = new PipelineProcess(file, env);
    const b = new PipelineProcess(file, env);
    try {
      const members = await waitUntil(
        "two members sharing the 6 partitions",
        () => t.groupMembers(topic),
        (ms) =>
          ms.length === 2 && ms.every((m) => m.partitions.length > 0) &&
          ms.reduce((s, m) => s + m.partitions.length, 0) === 6,
        60_000,
        () => a.stderr + b.stderr,
      );
      const owned = members.flatMap((m) => m.partitions.map((p) => p.partition)).sort();
      deepEqual(owned, [0, 1, 2, 3, 4, 5], "each partition has exactly one owner");
      await produceReadings(t, topic, 0, N / 2);
      await waitUntil(
        "first half committed",
        () => committedTotal(t, topic, topic),
        (n) => n === N / 2,
        60_000,
        () => a.stderr + b.stderr,
      );
      await a.crash();
      await produceReadings(t, topic, N / 2, N);
      const after = await waitUntil(
        "the survivor owning all 6 partitions",
        () => t.groupMembers(topic),
        (ms) => ms.length === 1 && ms[0].partitions.length === 6,
        60_000,
        () => b.stderr,
      );
      ok(after.length === 1);
      await waitUntil(
        "everything committed",
        () => committedTotal(t, topic, topic),
        (n) => n === N,
        90_000,
        () => b.stderr,
      );
      equal(await b.interrupt(), 0, b.stderr);
      equal(await readingCount(db.sql), N);
    } finally {
      await a.crash().catch(() => {});
      await b.crash().catch(() => {});
      await db.drop();
      await t.deleteTopics([topic]).catch(() => {});
    }
  },
});
