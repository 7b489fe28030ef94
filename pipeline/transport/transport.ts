/**
 * The message transport sluice's `kafka` source and sink talk to.
 *
 * Kept small on purpose: kafkajs (unmaintained) implements it today in
 * `kafkajs_transport.ts`; another client (e.g. a librdkafka binding, or an
 * in-process fake for tests) only has to implement these few calls. Offsets
 * are strings (Kafka offsets are 64-bit) and always mean "the next offset to
 * read" when committed, as in Kafka itself.
 */

/** One partition of one topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** A position in a partition: the next offset to read. */
export interface TopicPartitionOffset extends TopicPartition {
  offset: string;
}

/** One consumed message. `value` is the raw payload (null for a tombstone). */
export interface TransportMessage {
  key: Uint8Array | null;
  value: Uint8Array | null;
  offset: string;
  /** Broker/producer timestamp, epoch ms (kafkajs hands it over as a decimal string). */
  timestamp: number | string;
}

/** Messages of one partition, in offset order. */
export interface FetchedBatch extends TopicPartition {
  messages: TransportMessage[];
  /** Offset of the next message the broker will append (for lag). */
  highWatermark: string;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts: earliest (true) or latest. */
  fromBeginning: boolean;
  /** Upper bound on bytes fetched per partition per request. */
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
}

export interface ConsumerHandler {
  /**
   * Called for each fetched batch, one at a time per partition. When it
   * resolves, the consumer's fetch position moves past the batch; offsets are
   * committed only by {@link TransportConsumer.commit}.
   */
  batch(batch: FetchedBatch): Promise<void>;
  /** The partitions this member owns after each (re)balance. */
  assigned?(partitions: TopicPartition[]): void;
}

/** A consumer-group member. */
export interface TransportConsumer {
  /** Joins the group and starts delivering batches to `handler`. */
  start(handler: ConsumerHandler): Promise<void>;
  /** Commits positions (next offsets to read) for the group. */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Moves a partition's fetch position (e.g. back to re-read after a failed write). */
  seek(position: TopicPartitionOffset): void;
  pause(partitions: TopicPartition[]): void;
  resume(partitions: TopicPartition[]): void;
  /** Leaves the group and closes connections. */
  stop(): Promise<void>;
}

/** One message to produce. Messages with the same key land in the same partition. */
export interface OutgoingMessage {
  key: string | null;
  value: string;
  /** Epoch ms; default: now. */
  timestamp?: number;
}

export type Compression = "none" | "gzip";

export interface ProducerOptions {
  compression: Compression;
  /** Wait for all in-sync replicas (-1) or the leader only (1). */
  acks?: -1 | 1;
}

export interface TransportProducer {
  /** Resolves when the broker acknowledged every message. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

/** A connection to one cluster. */
export interface Transport {
  consumer(opts: ConsumerOptions): TransportConsumer;
  producer(opts: ProducerOptions): TransportProducer;
  /** Creates missing topics (existing ones are left alone). */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  deleteTopics(topics: string[]): Promise<void>;
  /** Committed positions of a group, per partition (-1 when none). */
  committed(groupId: string, topic: string): Promise<TopicPartitionOffset[]>;
  /** Current members of a group and the partitions each owns. */
  groupMembers(groupId: string): Promise<GroupMember[]>;
}

export interface GroupMember {
  memberId: string;
  partitions: TopicPartition[];
}
