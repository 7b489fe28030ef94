/**
 * Effectively-once under kill -9: N unique readings on a real broker, the
 * consuming pipeline killed at random moments at least 5 times and restarted;
 * at the end Postgres holds exactly N readings — none lost, none twice — and
 * the window aggregates (restored from checkpoints after each kill) equal
 * those of a crash-free run over the same topic.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import {
  aggregateRows,
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

const N = 100_000;
/** Kill attempts; at least 5 must land mid-stream (the pipeline is fast: ~10^5 readings/s). */
const KILLS = 7;

Deno.test({
  name: "kafka → postgres holds exactly N readings and crash-free window aggregates after " +
    "repeated kill -9 and restarts",
  ignore: skip,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    requireServices();
    const t = transport();
    const topic = uniqueName("kt_crash");
    await t.ensureTopics([{ topic, partitions: 6 }]);
    const db = await freshDatabase(topic);
    const file = await writeTopology(
      consumerYaml({
        topic,
        group: topic,
        fetchBytes: 32_768,
        windows: true,
        // Frequent checkpoints, so that most runs save one before they are killed.
        checkpointInterval: "250ms",
      }),
    );
    const env = { KAFKA_BROKERS: Deno.env.get("KAFKA_BROKERS")!, DATABASE_URL: db.url };
    let proc: PipelineProcess | undefined;
    let ref: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    try {
      await produceReadings(t, topic, 0, N);
      // Kill points: once a random share of the stream has reached the database.
      const seen: number[] = [];
      let restored = 0;
      for (let k = 0; k < KILLS; k++) {
        proc = new PipelineProcess(file, env);
        const before = await readingCount(db.sql);
        // Spread the kill points over the stream: each at most ~3% further, and never past
        // this kill's share of it, so the random waits below cannot run the stream out.
        const cap = Math.floor(((k + 1) * N) / (KILLS + 2));
        const target = Math.max(
          before + 1,
          Math.min(cap, before + 1 + Math.floor(Math.random() * N * 0.03)),
        );
        await waitUntil(
          `${target} readings before kill ${k + 1}`,
          () => readingCount(db.sql),
          (n) => n >= target,
          90_000,
          () => proc!.stderr,
        );
        // A random moment after that: mid-fetch, mid-transaction, or between the
        // database commit and the offset commit.
        await new Promise((r) => setTimeout(r, Math.random() * 100));
        await proc.crash();
        if (proc.stderr.includes("restored checkpoint")) restored++;
        seen.push(await readingCount(db.sql));
      }
      ok(seen.filter((n) => n < N).length >= 5, `kill points: ${seen.join(", ")}`);
      // Last run: it catches up, commits everything, and stops cleanly.
      proc = new PipelineProcess(file, env);
      await waitUntil(
        "all offsets committed",
        () => committedTotal(t, topic, topic),
        (n) => n === N,
        120_000,
        () => proc!.stderr,
      );
      equal(await proc.interrupt(), 0, proc.stderr);
      equal(await readingCount(db.sql), N, `kill points were at ${seen.join(", ")} readings`);
      const [{ ids }] = await db.sql`select count(distinct source_id)::int as ids from readings`;
      equal(ids, N, "every reading kept its source offset id");
      ok(restored >= 1, `no restart restored a checkpoint (kill points: ${seen.join(", ")})`);

      // The same topic read once, without crashes, by another group into another database
      // (with bigger fetches, so batch edges differ): the same windows, field for field.
      ref = await freshDatabase(`${topic}_ref`);
      const refFile = await writeTopology(
        consumerYaml({ topic, group: `${topic}_ref`, windows: true }),
      );
      proc = new PipelineProcess(refFile, { ...env, DATABASE_URL: ref.url });
      await waitUntil(
        "the crash-free run committed everything",
        () => committedTotal(t, `${topic}_ref`, topic),
        (n) => n === N,
        120_000,
        () => proc!.stderr,
      );
      equal(await proc.interrupt(), 0, proc.stderr);
      const expected = await aggregateRows(ref.sql);
      equal(expected.reduce((s, r) => s + r.count, 0), N, "every reading is in one window");
      const got = await aggregateRows(db.sql);
      equal(got.length, expected.length, "same number of windows");
      deepEqual(got, expected, `kill points were at ${seen.join(", ")} readings`);
    } finally {
      await proc?.crash().catch(() => {});
      await ref?.drop();
      await db.drop();
      await t.deleteTopics([topic]).catch(() => {});
    }
  },
});
