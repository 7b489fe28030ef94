/**
 * The `kafka` sink: produces every record it receives to one topic as JSON,
 * keyed by machine (so a machine's records stay in one partition, in order,
 * and a consumer group's state follows its partition). `write()` resolves
 * only once the broker acknowledged the batch (acks from all in-sync
 * replicas by default), so an upstream offset commit after it is safe.
 */
import { z } from "zod";
import { readingAt } from "../engine/batch.ts";
import type { Batch } from "../engine/batch.ts";
import type { Sink, SinkDef } from "../engine/component.ts";
import { kafkaConnectionFromEnv } from "../transport/kafka_env.ts";
import { kafkajsTransport } from "../transport/kafkajs_transport.ts";
import type { OutgoingMessage, Transport, TransportProducer } from "../transport/transport.ts";

const Config = z.object({
  topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/).meta({ description: "Topic to produce to" }),
  brokers: z.array(z.string()).default([]).meta({
    description: "host:port list; default from env KAFKA_BROKERS (SASL/SSL always from env)",
  }),
  partitions: z.number().int().min(1).max(1000).default(6).meta({
    description: "Partitions of the topic if the sink has to create it",
  }),
  batch_size: z.number().int().min(1).max(100_000).default(5000).meta({
    description: "Messages per produce request (a larger write is sent in several)",
  }),
  compression: z.enum(["none", "gzip"]).default("none").meta({
    description: "Compression of produced message batches",
  }),
  acks: z.enum(["all", "leader"]).default("all").meta({
    description: "Acknowledgement the write waits for: all in-sync replicas, or the leader only",
  }),
  log_level: z.enum(["nothing", "error", "warn", "info", "debug"]).default("error").meta({
    description: "Kafka client log level (lines go to stderr)",
  }),
}).strict();

/** Parsed `kafka` sink options. */
export type KafkaSinkConfig = z.infer<typeof Config>;

/** The messages for one batch: JSON values, keyed by machine when the record has one. */
export function messagesOf(batch: Batch): OutgoingMessage[] {
  if (batch.kind === "readings") {
    const out: OutgoingMessage[] = new Array(batch.n);
    for (let i = 0; i < batch.n; i++) {
      const r = readingAt(batch, i);
      out[i] = { key: r.machine, value: JSON.stringify(r) };
    }
    return out;
  }
  return batch.records.map((r) => ({
    key: "machine" in r ? r.machine : null,
    value: JSON.stringify(r),
  }));
}

/** The running sink; takes any {@link Transport} (kafkajs in production). */
export class KafkaSink implements Sink {
  #cfg: KafkaSinkConfig;
  #transport: Transport;
  #producer: TransportProducer;
  #ready: Promise<void> | undefined;

  constructor(cfg: KafkaSinkConfig, transport: Transport) {
    this.#cfg = cfg;
    this.#transport = transport;
    this.#producer = transport.producer({
      compression: cfg.compression,
      acks: cfg.acks === "all" ? -1 : 1,
    });
  }

  async write(batch: Batch): Promise<void> {
    const messages = messagesOf(batch);
    if (messages.length === 0) return;
    this.#ready ??= this.#transport.ensureTopics([
      { topic: this.#cfg.topic, partitions: this.#cfg.partitions },
    ]).catch((e) => {
      this.#ready = undefined;
      throw e;
    });
    await this.#ready;
    const n = this.#cfg.batch_size;
    for (let i = 0; i < messages.length; i += n) {
      await this.#producer.send(this.#cfg.topic, messages.slice(i, i + n));
    }
  }

  close(): Promise<void> {
    return this.#producer.close();
  }
}

/** The `kafka` sink definition. */
export const kafkaSink: SinkDef<KafkaSinkConfig> = {
  kind: "sink",
  type: "kafka",
  summary: "Produces records to a Kafka topic as JSON, keyed by machine",
  config: Config,
  accepts: ["reading", "aggregate", "anomaly", "rul", "alert", "rejected"],
  examples: [
    Config.parse({ topic: "sensor_readings" }),
    Config.parse({ topic: "alerts", compression: "gzip", batch_size: 1000, acks: "leader" }),
  ],
  build(config, ctx) {
    const conn = kafkaConnectionFromEnv(ctx.services.env, config.brokers);
    return new KafkaSink(config, kafkajsTransport(conn, { level: config.log_level }));
  },
};
