/** The broker restarts mid-stream: the pipeline reconnects and loses nothing. */
import { equal } from "node:assert/strict";
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
const ROOT = new URL("../../", import.meta.url).pathname;

async function kafkaScript(action: string): Promise<void> {
  const out = await new Deno.Command("bash", {
    args: [`${ROOT}scripts/kafka.sh`, action],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  if (!out.success) throw new Error(`scripts/kafka.sh ${action} failed:\n${text}`);
}

Deno.test({
  name: "kafka pipeline reconnects after a broker restart mid-stream and loses nothing",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    requireServices();
    // Only a broker this repository started (scripts/kafka.sh) can be restarted here.
    await Deno.stat(`${ROOT}.cache/kafka/kafka.pid`).catch(() => {
      throw new Error("no broker started by scripts/kafka.sh (run `deno task kafka:up`)");
    });
    const t = transport();
    const topic = uniqueName("kt_restart");
    await t.ensureTopics([{ topic, partitions: 6 }]);
    const db = await freshDatabase(topic);
    const file = await writeTopology(consumerYaml({ topic, group: topic, fetchBytes: 32_768 }));
    const proc = new PipelineProcess(file, {
      KAFKA_BROKERS: Deno.env.get("KAFKA_BROKERS")!,
      DATABASE_URL: db.url,
    });
    try {
      await produceReadings(t, topic, 0, N / 2);
      await waitUntil(
        "first readings",
        () => readingCount(db.sql),
        (n) => n > 0,
        60_000,
        () => proc.stderr,
      );
      await kafkaScript("restart");
      await produceReadings(transport(), topic, N / 2, N);
      await waitUntil(
        "all offsets committed after the restart",
        () => committedTotal(transport(), topic, topic),
        (n) => n === N,
        120_000,
        () => proc.stderr,
      );
      equal(await proc.interrupt(), 0, proc.stderr);
      equal(await readingCount(db.sql), N);
    } finally {
      await proc.crash().catch(() => {});
      await db.drop();
      await transport().deleteTopics([topic]).catch(() => {});
    }
  },
});
