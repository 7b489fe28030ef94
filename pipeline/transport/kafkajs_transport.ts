/**
 * {@link Transport} on kafkajs. Everything kafkajs-specific lives here:
 * manual offset management (`autoCommit: false`, `eachBatchAutoResolve:
 * false`), the java-compatible murmur2 partitioner, and log routing.
 */
import { AssignerProtocol, CompressionTypes, Kafka, logLevel, Partitioners } from "kafkajs";
import type { Consumer, KafkaConfig, LogEntry, Producer, SASLOptions } from "kafkajs";
import type { KafkaConnection } from "./kafka_env.ts";
import type {
  ConsumerHandler,
  ConsumerOptions,
  GroupMember,
  OutgoingMessage,
  ProducerOptions,
  TopicPartition,
  TopicPartitionOffset,
  TopicSpec,
  Transport,
  TransportConsumer,
  TransportProducer,
} from "./transport.ts";

const LEVELS: Record<string, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * Opens a kafkajs-backed transport. `log` receives kafkajs log lines at or
 * above `level` (default error).
 *
 * @example
 * ```ts
 * import { kafkaConnectionFromEnv } from "./kafka_env.ts";
 * import { kafkajsTransport } from "./kafkajs_transport.ts";
 * const t = kafkajsTransport(kafkaConnectionFromEnv(Deno.env.toObject()));
 * await t.ensureTopics([{ topic: "sensor_readings", partitions: 6 }]);
 * ```
 */
export function kafkajsTransport(
  conn: KafkaConnection,
  opts: { level?: string; log?: (line: string) => void } = {},
): Transport {
  const log = opts.log ?? ((line: string) => console.error(line));
  const config: KafkaConfig = {
    clientId: conn.clientId,
    brokers: conn.brokers,
    ssl: conn.ssl,
    logLevel: LEVELS[opts.level ?? "error"] ?? logLevel.ERROR,
    logCreator: () => (e: LogEntry) =>
      log(`kafka ${e.namespace}: ${e.log.message}${e.log.error ? ` (${e.log.error})` : ""}`),
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
  };
  if (conn.sasl) config.sasl = { ...conn.sasl } as SASLOptions;
  const kafka = new Kafka(config);

  return {
    consumer: (o) => new KafkajsConsumer(kafka, o),
    producer: (o) => new KafkajsProducer(kafka, o),
    async ensureTopics(topics: TopicSpec[]) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t.topic));
        if (missing.length === 0) return;
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.topic,
            numPartitions: t.partitions,
            replicationFactor: -1,
          })),
        });
      } finally {
        await admin.disconnect();
      }
    },
    async deleteTopics(topics: string[]) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics });
      } finally {
        await admin.disconnect();
      }
    },
    async committed(groupId: string, topic: string) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const res = await admin.fetchOffsets({ groupId, topics: [topic] });
        return res.flatMap((t) =>
          t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: p.offset }))
        );
      } finally {
        await admin.disconnect();
      }
    },
    async groupMembers(groupId: string): Promise<GroupMember[]> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([groupId]);
        return (groups[0]?.members ?? []).map((m) => {
          const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          return {
            memberId: m.memberId,
            partitions: Object.entries(a?.assignment ?? {}).flatMap(([topic, ps]) =>
              ps.map((partition) => ({ topic, partition }))
            ),
          };
        });
      } finally {
        await admin.disconnect();
      }
    },
  };
}

class KafkajsConsumer implements TransportConsumer {
  #consumer: Consumer;
  #opts: ConsumerOptions;

  constructor(kafka: Kafka, opts: ConsumerOptions) {
    this.#opts = opts;
    this.#consumer = kafka.consumer({
      groupId: opts.groupId,
      maxBytesPerPartition: opts.maxBytesPerPartition ?? 1_048_576,
      sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: Math.min(3_000, Math.floor((opts.sessionTimeoutMs ?? 30_000) / 3)),
    });
  }

  async start(handler: ConsumerHandler): Promise<void> {
    const c = this.#consumer;
    if (handler.assigned) {
      c.on(c.events.GROUP_JOIN, (e) => {
        const a = e.payload.memberAssignment;
        handler.assigned!(
          Object.entries(a).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition }))),
        );
      });
    }
    await c.connect();
    await c.subscribe({ topics: this.#opts.topics, fromBeginning: this.#opts.fromBeginning });
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        // kafkajs messages already have the TransportMessage shape: no per-message copy.
        await handler.batch({
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: batch.highWatermark,
          messages: batch.messages,
        });
        resolveOffset(batch.lastOffset());
        await heartbeat();
      },
    });
  }

  commit(offsets: TopicPartitionOffset[]): Promise<void> {
    return this.#consumer.commitOffsets(offsets);
  }

  seek(position: TopicPartitionOffset): void {
    this.#consumer.seek(position);
  }

  pause(partitions: TopicPartition[]): void {
    this.#consumer.pause(groupByTopic(partitions));
  }

  resume(partitions: TopicPartition[]): void {
    this.#consumer.resume(groupByTopic(partitions));
  }

  stop(): Promise<void> {
    return this.#consumer.disconnect();
  }
}

function groupByTopic(tps: TopicPartition[]): { topic: string; partitions: number[] }[] {
  const by = new Map<string, number[]>();
  for (const { topic, partition } of tps) {
    const list = by.get(topic) ?? [];
    list.push(partition);
    by.set(topic, list);
  }
  return [...by].map(([topic, partitions]) => ({ topic, partitions }));
}

class KafkajsProducer implements TransportProducer {
  #producer: Producer;
  #opts: ProducerOptions;
  #connected: Promise<void> | undefined;

  constructor(kafka: Kafka, opts: ProducerOptions) {
    this.#opts = opts;
    this.#producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
    });
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    this.#connected ??= this.#producer.connect();
    await this.#connected;
    await this.#producer.send({
      topic,
      acks: this.#opts.acks ?? -1,
      compression: this.#opts.compression === "gzip"
        ? CompressionTypes.GZIP
        : CompressionTypes.None,
      messages: messages.map((m) => ({
        key: m.key,
        value: m.value,
        timestamp: m.timestamp === undefined ? undefined : String(m.timestamp),
      })),
    });
  }

  async close(): Promise<void> {
    if (this.#connected) await this.#producer.disconnect();
  }
}
