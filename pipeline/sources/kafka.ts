/**
 * The `kafka` source: a consumer-group member reading JSON readings from
 * topics (SPEC §5), effectively-once into the sinks (SPEC §4).
 *
 * Every fetched batch is decoded (poison → `.dlq` with reason and offset),
 * emitted with `emitTracked`, and its offsets are committed only once every
 * sink has durably written it and everything before it in its partition
 * (see `OffsetTracker`). At most `max_inflight` batches are emitted and not
 * yet durable, so a slow or absent database stops the consumer, not memory.
 * If a write fails for good, the source stops with an error and leaves the
 * rest uncommitted: a restart re-reads it and idempotent sinks absorb the replay.
 * Scale-out: run more processes with the same `group_id`; Kafka assigns
 * partitions, and the producer keys by machine, so a machine's state follows
 * its partition.
 *
 * Checkpoints (`checkpoint_interval`, on when the host has a database): the
 * transforms' keyed state is stored with the offsets it corresponds to, and
 * offsets are committed to the group only after such a checkpoint, so a
 * restart resumes windows and detectors without losing or double-counting
 * (see `kafka_checkpoint.ts` for the protocol and its limits on rebalance).
 */
import { z } from "zod";
import { durationMs } from "../dsl/duration.ts";
import type { CheckpointStore } from "../engine/checkpoint.ts";
import type { Source, SourceCommand, SourceContext, SourceDef } from "../engine/component.ts";
import { PostgresCheckpointStore } from "../store/checkpoint_store.ts";
import { kafkaConnectionFromEnv } from "../transport/kafka_env.ts";
import { kafkajsTransport } from "../transport/kafkajs_transport.ts";
import { OffsetTracker } from "../transport/offset_tracker.ts";
import type { TopicPartition, TopicPartitionOffset, Transport } from "../transport/transport.ts";
import { KafkaCheckpointer } from "./kafka_checkpoint.ts";
import { decodeReadings } from "./kafka_decode.ts";

const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/);

const Config = z.object({
  topics: z.array(topicName).min(1).meta({ description: "Topics to consume" }),
  group_id: z.string().min(1).max(255).meta({
    description: "Consumer group; processes with the same group split the partitions",
  }),
  from: z.enum(["earliest", "latest"]).default("earliest").meta({
    description: "Where a group without committed offsets starts reading",
  }),
  machines: z.array(z.string().min(1)).default([]).meta({
    description: "Known machines; readings of any other go to .dlq (empty: accept all)",
  }),
  brokers: z.array(z.string()).default([]).meta({
    description: "host:port list; default from env KAFKA_BROKERS (SASL/SSL always from env)",
  }),
  partitions: z.number().int().min(1).max(1000).default(6).meta({
    description: "Partitions of a topic the source creates because it is missing",
  }),
  max_inflight: z.number().int().min(1).max(1000).default(16).meta({
    description: "Batches emitted but not yet durably written before the consumer waits",
  }),
  session_timeout: durationMs.default(30_000).meta({
    description: "How long the group waits for a silent member (e.g. a killed process) before " +
      'giving its partitions to the others, e.g. "10s" (the broker allows 6s to 5m)',
  }),
  max_bytes_per_partition: z.number().int().min(1024).default(1_048_576).meta({
    description: "Bytes fetched per partition per request (bounds the batch size)",
  }),
  checkpoint_interval: durationMs.default(5000).meta({
    description: "How often the transforms' state is checkpointed to the database with the " +
      'offsets it covers (offsets are committed to the group then), e.g. "5s"; 0 turns ' +
      "checkpoints off: offsets are committed per durable batch and state restarts empty",
  }),
  log_level: z.enum(["nothing", "error", "warn", "info", "debug"]).default("error").meta({
    description: "Kafka client log level (lines go to stderr)",
  }),
}).strict();

/** Parsed `kafka` source options. */
export type KafkaSourceConfig = z.infer<typeof Config>;

/** The running source; takes any {@link Transport} (kafkajs in production). */
export class KafkaSource implements Source {
  #cfg: KafkaSourceConfig;
  #transport: Transport;
  #assigned: TopicPartition[] = [];
  #tracker: OffsetTracker | undefined;
  #checkpointer: KafkaCheckpointer | undefined;
  #store: CheckpointStore | undefined;
  #batches = 0;

  /** `store` holds checkpoints; without one (or with `checkpoint_interval: 0`) none are taken. */
  constructor(cfg: KafkaSourceConfig, transport: Transport, store?: CheckpointStore) {
    this.#cfg = cfg;
    this.#transport = transport;
    this.#store = store;
  }

  async run(ctx: SourceContext): Promise<void> {
    const cfg = this.#cfg;
    if (ctx.signal.aborted) return;
    await this.#transport.ensureTopics(
      cfg.topics.map((topic) => ({ topic, partitions: cfg.partitions })),
    );
    const consumer = this.#transport.consumer({
      groupId: cfg.group_id,
      topics: cfg.topics,
      fromBeginning: cfg.from === "earliest",
      maxBytesPerPartition: cfg.max_bytes_per_partition,
      sessionTimeoutMs: cfg.session_timeout,
    });
    let failure: Error | undefined;
    const failed = Promise.withResolvers<void>();
    const cp = this.#checkpointer = cfg.checkpoint_interval > 0 && this.#store && ctx.checkpoint
      ? new KafkaCheckpointer({
        source: ctx.name,
        host: ctx.checkpoint,
        store: this.#store,
        committed: (topic) => this.#transport.committed(cfg.group_id, topic),
        commit: (offsets) => consumer.commit(offsets),
        log: (line) => console.error(`sluice: ${ctx.name}: ${line}`),
      })
      : undefined;
    const tracker = this.#tracker = new OffsetTracker({
      // With checkpoints, offsets are committed after each checkpoint, not per batch.
      commit: cp ? () => Promise.resolve() : (offsets) => consumer.commit(offsets),
      onWriteError: (at: TopicPartitionOffset, e: unknown) => {
        failure ??= new Error(
          `Cannot go on consuming ${at.topic}:${at.partition} at offset ${at.offset}: ` +
            `a sink failed to write it (${(e as Error)?.message ?? e}); nothing from there ` +
            `on was committed, a restart reads it again`,
          { cause: e },
        );
        failed.resolve();
      },
      onCommitError: () => {}, // a rebalance: the next durable batch commits again
    });
    // Batches and checkpoints take turns: a checkpoint sees no batch half-emitted.
    let turn: Promise<unknown> = Promise.resolve();
    const exclusive = (fn: () => Promise<void>): Promise<void> => {
      const run = turn.then(fn);
      turn = run.catch(() => {});
      return run;
    };
    let lastCheckpoint = ctx.clock.now();
    const checkpoint = async (force: boolean) => {
      if (!cp || (!force && ctx.clock.now() - lastCheckpoint < cfg.checkpoint_interval)) return;
      await tracker.idle();
      if (failure) return; // state holds records a sink did not write: never checkpoint it
      lastCheckpoint = ctx.clock.now();
      try {
        await cp.save();
      } catch (e) {
        console.error(`sluice: ${ctx.name}: checkpoint failed: ${(e as Error)?.message ?? e}`);
      }
    };
    const machines = new Set(cfg.machines);
    await consumer.start({
      assigned: (tps) => {
        this.#assigned = tps;
        cp?.assigned(tps);
      },
      batch: (whole) =>
        exclusive(async () => {
          if (ctx.signal.aborted || failure) return;
          let fetched: typeof whole | undefined = whole;
          if (cp) {
            if (cp.pending) {
              await tracker.idle();
              if (failure) return;
              await cp.adopt();
            }
            fetched = cp.admit(whole);
            if (!fetched) return;
            await checkpoint(false);
          }
          await tracker.below(cfg.max_inflight);
          const batch = decodeReadings(fetched, machines, ctx.reject);
          const first = fetched.messages[0].offset;
          const next = String(BigInt(fetched.messages[fetched.messages.length - 1].offset) + 1n);
          let durable: Promise<void>;
          if (ctx.emitTracked) durable = (await ctx.emitTracked(batch)).durable;
          else durable = ctx.emit(batch);
          tracker.track(fetched, first, next, durable);
          cp?.advance(fetched, next);
          this.#batches++;
        }),
    });
    // Checkpoints also happen while no batch arrives (the end of a stream gets committed).
    const timer = cp
      ? setInterval(
        () =>
          void exclusive(() =>
            ctx.signal.aborted || failure ? Promise.resolve() : checkpoint(false)
          ),
        Math.max(100, Math.min(1000, cfg.checkpoint_interval / 2)),
      )
      : undefined;
    if (timer !== undefined) Deno.unrefTimer(timer);
    const aborted = new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    try {
      await Promise.race([aborted, failed.promise]);
      clearInterval(timer);
      await exclusive(async () => {
        await tracker.idle();
        await checkpoint(true);
      });
    } finally {
      clearInterval(timer);
      await consumer.stop().catch(() => {});
    }
    if (failure) throw failure;
  }

  /** `{action: "status"}`: assigned partitions, committed positions and in-flight batches. */
  control(command: SourceCommand): unknown {
    if (command.action !== "status") {
      throw new Error(`kafka source: unknown action "${command.action}" (expected status)`);
    }
    return {
      assigned: this.#assigned,
      committed: this.#tracker?.committed() ?? [],
      inflight: this.#tracker?.inflight ?? 0,
      batches: this.#batches,
      checkpoints: this.#checkpointer?.saved ?? 0,
      checkpoint_scope: this.#checkpointer?.scope ?? null,
    };
  }
}

/** The `kafka` source definition. */
export const kafkaSource: SourceDef<KafkaSourceConfig> = {
  kind: "source",
  type: "kafka",
  summary: "Consumes JSON readings from Kafka topics in a consumer group, effectively-once",
  config: Config,
  outputs: () => ({ out: "reading" }),
  examples: [
    Config.parse({ topics: ["sensor_readings"], group_id: "sluice", brokers: ["127.0.0.1:9092"] }),
    Config.parse({
      topics: ["sensor_readings"],
      group_id: "rig-alpha",
      from: "latest",
      brokers: ["kafka-1:9092", "kafka-2:9092"],
      machines: ["A", "B", "C"],
      max_inflight: 8,
    }),
  ],
  build(config, ctx) {
    const conn = kafkaConnectionFromEnv(ctx.services.env, config.brokers);
    const sql = ctx.services.sql;
    return new KafkaSource(
      config,
      kafkajsTransport(conn, { level: config.log_level }),
      sql ? new PostgresCheckpointStore(sql) : undefined,
    );
  },
};
