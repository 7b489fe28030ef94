/**
 * An in-process {@link Transport}: topics as arrays of partitions, consumer
 * groups with committed offsets, one member per group (it owns every
 * partition). For unit tests of the kafka source and sink without a broker;
 * it keeps Kafka's semantics that matter to them (per-key partitioning,
 * committed positions, `fromBeginning`, fetch batches in offset order).
 */
import { hashString } from "../engine/batch.ts";
import type {
  ConsumerHandler,
  ConsumerOptions,
  FetchedBatch,
  GroupMember,
  OutgoingMessage,
  TopicPartition,
  TopicPartitionOffset,
  TopicSpec,
  Transport,
  TransportConsumer,
  TransportProducer,
} from "./transport.ts";

interface Stored {
  key: Uint8Array | null;
  value: Uint8Array | null;
  timestamp: number;
}

const enc = new TextEncoder();
const tpKey = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

/**
 * @example
 * ```ts
 * import { MemoryTransport } from "./memory_transport.ts";
 * const t = new MemoryTransport();
 * await t.ensureTopics([{ topic: "readings", partitions: 2 }]);
 * await t.producer({ compression: "none" }).send("readings", [{ key: "A", value: "{}" }]);
 * ```
 */
export class MemoryTransport implements Transport {
  readonly topics = new Map<string, Stored[][]>();
  readonly groups = new Map<string, Map<string, string>>();
  /** Batch size of deliveries (messages per fetched batch). */
  fetchSize = 100;
  #waiters: (() => void)[] = [];
  #members = new Map<string, GroupMember>();

  ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const t of topics) {
      if (!this.topics.has(t.topic)) {
        this.topics.set(t.topic, Array.from({ length: t.partitions }, () => []));
      }
    }
    return Promise.resolve();
  }

  deleteTopics(topics: string[]): Promise<void> {
    for (const t of topics) this.topics.delete(t);
    return Promise.resolve();
  }

  committed(groupId: string, topic: string): Promise<TopicPartitionOffset[]> {
    const parts = this.topics.get(topic) ?? [];
    const g = this.groups.get(groupId);
    return Promise.resolve(parts.map((_, partition) => ({
      topic,
      partition,
      offset: g?.get(tpKey({ topic, partition })) ?? "-1",
    })));
  }

  groupMembers(groupId: string): Promise<GroupMember[]> {
    const m = this.#members.get(groupId);
    return Promise.resolve(m ? [m] : []);
  }

  /** Appends raw values (bytes or text) to a partition, for poison-message tests. */
  append(topic: string, partition: number, values: (string | Uint8Array | null)[]): void {
    const p = this.topics.get(topic)?.[partition];
    if (!p) throw new Error(`MemoryTransport: no partition ${topic}:${partition}`);
    for (const v of values) {
      p.push({ key: null, value: typeof v === "string" ? enc.encode(v) : v, timestamp: 0 });
    }
    this.#wake();
  }

  producer(): TransportProducer {
    return {
      send: async (topic: string, messages: OutgoingMessage[]) => {
        await this.ensureTopics([{ topic, partitions: 1 }]);
        const parts = this.topics.get(topic)!;
        for (const m of messages) {
          const p = m.key === null ? 0 : hashString(m.key) % parts.length;
          parts[p].push({
            key: m.key === null ? null : enc.encode(m.key),
            value: enc.encode(m.value),
            timestamp: m.timestamp ?? Date.now(),
          });
        }
        this.#wake();
      },
      close: () => Promise.resolve(),
    };
  }

  consumer(opts: ConsumerOptions): TransportConsumer {
    const group = this.groups.get(opts.groupId) ?? new Map<string, string>();
    this.groups.set(opts.groupId, group);
    const positions = new Map<string, number>();
    let stopped = false;
    let loop: Promise<void> | undefined;
    const owned = () =>
      opts.topics.flatMap((topic) =>
        (this.topics.get(topic) ?? []).map((_, partition) => ({ topic, partition }))
      );
    return {
      start: (handler: ConsumerHandler) => {
        const tps = owned();
        for (const tp of tps) {
          const c = group.get(tpKey(tp));
          const end = this.topics.get(tp.topic)![tp.partition].length;
          positions.set(tpKey(tp), c !== undefined ? Number(c) : opts.fromBeginning ? 0 : end);
        }
        handler.assigned?.(tps);
        this.#members.set(opts.groupId, { memberId: `member-${opts.groupId}`, partitions: tps });
        loop = (async () => {
          while (!stopped) {
            let delivered = false;
            for (const tp of tps) {
              const batch = this.#fetch(tp, positions.get(tpKey(tp))!);
              if (!batch) continue;
              delivered = true;
              await handler.batch(batch);
              positions.set(tpKey(tp), Number(batch.messages.at(-1)!.offset) + 1);
            }
            if (!delivered && !stopped) await new Promise<void>((r) => this.#waiters.push(r));
          }
        })();
        return Promise.resolve();
      },
      commit: (offsets: TopicPartitionOffset[]) => {
        for (const o of offsets) group.set(tpKey(o), o.offset);
        return Promise.resolve();
      },
      seek: (p: TopicPartitionOffset) => void positions.set(tpKey(p), Number(p.offset)),
      pause: () => {},
      resume: () => {},
      stop: async () => {
        stopped = true;
        this.#members.delete(opts.groupId);
        this.#wake();
        await loop;
      },
    };
  }

  #fetch(tp: TopicPartition, from: number): FetchedBatch | undefined {
    const p = this.topics.get(tp.topic)?.[tp.partition];
    if (!p || from >= p.length) return undefined;
    const messages = p.slice(from, from + this.fetchSize).map((m, i) => ({
      ...m,
      offset: String(from + i),
    }));
    return { ...tp, messages, highWatermark: String(p.length) };
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}
