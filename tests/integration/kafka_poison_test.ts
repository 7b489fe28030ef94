/** Poison records from a real broker land in the DLQ table and topic; the stream goes on. */
import { deepEqual, equal, match } from "node:assert/strict";
import {
  consumerYaml,
  freshDatabase,
  PipelineProcess,
  produceReadings,
  requireServices,
  skip,
  transport,
  uniqueName,
  waitUntil,
  writeTopology,
} from "./kafka_support.ts";

Deno.test({
  name: "kafka poison records go to the DLQ with reason and source offset; the stream goes on",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    requireServices();
    const t = transport();
    const topic = uniqueName("kt_poison");
    const dlqTopic = `${topic}_dlq`;
    await t.ensureTopics([{ topic, partitions: 1 }]);
    const db = await freshDatabase(topic);
    const file = await writeTopology(consumerYaml({
      topic,
      group: topic,
      extraSinks:
        `  dead_topic: { type: kafka, inputs: [kafka.dlq], topic: ${dlqTopic}, partitions: 1 }`,
    }));
    const p = t.producer({ compression: "none" });
    const proc = new PipelineProcess(file, {
      KAFKA_BROKERS: Deno.env.get("KAFKA_BROKERS")!,
      DATABASE_URL: db.url,
    });
    try {
      await produceReadings(t, topic, 0, 100); // offsets 0..99
      await p.send(topic, [
        { key: "A", value: "{not json" }, // offset 100
        { key: "A", value: '{"ts":1,"machine":"A","sensor":"rpm","value":"fast"}' }, // 101
        { key: "Z", value: '{"ts":1704067200000,"machine":"Z","sensor":"rpm","value":1}' }, // 102
      ]);
      await produceReadings(t, topic, 100, 200); // 103..202
      const rows = await waitUntil(
        "200 readings and 3 DLQ rows",
        async () => {
          const [r] = await db.sql`select (select count(*)::int from readings) as readings,
                                          (select count(*)::int from dlq) as dlq`;
          return r as { readings: number; dlq: number };
        },
        (r) => r.readings === 200 && r.dlq === 3,
        60_000,
        () => proc.stderr,
      );
      deepEqual(rows, { readings: 200, dlq: 3 });
      const dlq = await db.sql`select component, reason, record from dlq order by reason`;
      match(dlq[0].reason, /^bad JSON: .*\(at kt_poison_\w+:0:100\)$/);
      equal(dlq[1].reason, `unknown machine "Z" (known: A, B, C) (at ${topic}:0:102)`);
      equal(dlq[2].reason, `value must be a number, got "fast" (at ${topic}:0:101)`);
      deepEqual(dlq.map((r) => r.component), ["kafka", "kafka", "kafka"]);
      equal(dlq[2].record.offset, "101");
      // The DLQ topic got the same three records, keyed by nothing (they have no machine).
      let peeked = 0;
      const peek = t.consumer({
        groupId: `${topic}_peek`,
        topics: [dlqTopic],
        fromBeginning: true,
      });
      await peek.start({ batch: (b) => Promise.resolve(void (peeked += b.messages.length)) });
      try {
        await waitUntil(
          "3 records on the DLQ topic",
          () => Promise.resolve(peeked),
          (n) => n >= 3,
          30_000,
        );
      } finally {
        await peek.stop();
      }
      equal(peeked, 3);
      equal(await proc.interrupt(), 0, proc.stderr);
    } finally {
      await p.close();
      await proc.crash().catch(() => {});
      await db.drop();
      await t.deleteTopics([topic, dlqTopic]).catch(() => {});
    }
  },
});
