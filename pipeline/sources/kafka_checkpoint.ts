/**
 * Checkpoints of the `kafka` source: transform state stored together with
 * the offsets it corresponds to, so that windows and detectors resume after a
 * crash exactly where the committed input ends (SPEC §4).
 *
 * How (the source calls these at batch boundaries, one at a time):
 * - **Save** (every `checkpoint_interval`, and when the source stops): the
 *   source first waits until every batch it emitted is durable in the sinks,
 *   emits nothing meanwhile, and checks no write failed. Then the engine
 *   snapshots the transforms (a quiet pipeline: {@link StateHost.snapshot}),
 *   and snapshot + next offsets of the assigned partitions are written in one
 *   transaction ({@link CheckpointStore.save}). Only then are the same offsets
 *   committed to the consumer group. So the group's committed offset is never
 *   ahead of the stored checkpoint, and the sinks already hold everything
 *   before it (what they got after it is replayed idempotently: readings by
 *   source offset, aggregates by window with the higher count winning).
 * - **Adopt** (after each group (re)assignment, before the next batch): the
 *   checkpoint's scope is the sorted set of assigned partitions. If the
 *   in-memory state already belongs to that scope (a rejoin after a broker
 *   restart), nothing changes. Otherwise the stored checkpoint of the scope is
 *   restored if it is *consistent*: for every assigned partition its offset
 *   is ≥ the group's committed offset (a partition it does not cover must have
 *   none). The source then skips messages below the checkpoint's offsets, which
 *   the group re-delivers when a crash fell between the checkpoint and the
 *   group commit. A crash of a single consumer restarts with the same scope and
 *   is exact.
 *
 * Limits, stated honestly: operator state is opaque JSON per engine
 * partition, not split by key, so it cannot follow a Kafka partition to
 * another process. When a rebalance changes a process's partitions (scale-out,
 * a member leaving), or the stored checkpoint is older than what another member
 * committed since, the transforms start empty at the group's committed offsets:
 * readings stay exact, but windows open at the handover are emitted from the
 * part each member saw (the sink keeps the higher count). Checkpoints also
 * need the same number of engine partitions (`workers`) and unchanged
 * transform specs; the engine restores nothing else.
 */
import type { CheckpointStore, StateHost } from "../engine/checkpoint.ts";
import type { FetchedBatch, TopicPartition, TopicPartitionOffset } from "../transport/transport.ts";

export interface KafkaCheckpointerOptions {
  /** Name of the source, the prefix of every scope. */
  source: string;
  host: StateHost;
  store: CheckpointStore;
  /** The group's committed positions of a topic (offset "-1" when none). */
  committed(topic: string): Promise<TopicPartitionOffset[]>;
  /** Commits positions to the group. */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  log(line: string): void;
}

const tpKey = (tp: TopicPartition) => `${tp.topic}:${tp.partition}`;

/** Scope of a checkpoint: source name and the sorted assigned partitions. */
export function checkpointScope(source: string, tps: TopicPartition[]): string {
  const parts = tps.toSorted((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return `${source}@${parts.map(tpKey).join(",")}`;
}

/** Keeps the source's positions, the scope of its state, and saves/adopts checkpoints. */
export class KafkaCheckpointer {
  #o: KafkaCheckpointerOptions;
  #assigned: TopicPartition[] = [];
  #epoch = 0;
  #adopted = 0;
  /** Scope the in-memory transform state and {@link #positions} belong to. */
  #scope: string | undefined;
  /** Next offset to process per partition, consistent with the transform state. */
  #positions = new Map<string, bigint>();
  /** The transforms may hold records (something was emitted or restored). */
  #dirty = false;
  /** Positions moved since the last saved checkpoint. */
  #changed = false;
  /** Checkpoints saved. */
  saved = 0;

  constructor(opts: KafkaCheckpointerOptions) {
    this.#o = opts;
  }

  get scope(): string | undefined {
    return this.#scope;
  }

  /** Records a (re)assignment; {@link adopt} acts on it before the next batch. */
  assigned(tps: TopicPartition[]): void {
    this.#assigned = tps;
    this.#epoch++;
  }

  /** True when an assignment arrived that {@link adopt} has not handled. */
  get pending(): boolean {
    return this.#adopted !== this.#epoch;
  }

  /** Restores or resets the transform state for the current assignment (caller: nothing in flight). */
  async adopt(): Promise<void> {
    this.#adopted = this.#epoch;
    const tps = this.#assigned;
    const scope = checkpointScope(this.#o.source, tps);
    if (scope === this.#scope) return;
    const { host, store } = this.#o;
    const cp = await store.load(host.pipeline, scope);
    const committed = new Map<string, bigint>();
    for (const topic of new Set(tps.map((tp) => tp.topic))) {
      for (const o of await this.#o.committed(topic)) committed.set(tpKey(o), BigInt(o.offset));
    }
    const consistent = cp !== undefined && tps.every((tp) => {
      const c = committed.get(tpKey(tp)) ?? -1n;
      const at = cp.offsets[tpKey(tp)];
      return at !== undefined ? BigInt(at) >= c : c < 0n;
    });
    this.#positions.clear();
    if (consistent) {
      const restored = await host.restore(cp.state);
      for (const tp of tps) {
        const at = cp.offsets[tpKey(tp)];
        if (at !== undefined) this.#positions.set(tpKey(tp), BigInt(at));
      }
      this.#dirty = true;
      this.#changed = true; // the group commit may lag the checkpoint: the next save re-commits
      this.#o.log(
        `restored checkpoint ${scope} (state of ${restored.join(", ") || "no transform"}) at ` +
          Object.entries(cp.offsets).map(([k, v]) => `${k}@${v}`).join(" "),
      );
    } else {
      if (this.#dirty) await host.restore(undefined);
      this.#dirty = false;
      if (cp || [...committed.values()].some((c) => c >= 0n)) {
        this.#o.log(
          `no consistent checkpoint for ${scope} (${
            cp ? "older than the group's offsets" : "none"
          }): ` +
            `transforms start empty at the committed offsets`,
        );
      }
    }
    this.#scope = scope;
  }

  /**
   * The part of `fetched` not yet in the state: messages below the partition's
   * position (re-delivered after a restore) are dropped; undefined when none is left.
   */
  admit(fetched: FetchedBatch): FetchedBatch | undefined {
    const pos = this.#positions.get(tpKey(fetched));
    if (pos === undefined) return fetched;
    const first = BigInt(fetched.messages[0].offset);
    if (first >= pos) {
      if (first > pos) {
        this.#o.log(
          `${
            tpKey(fetched)
          }: expected offset ${pos}, got ${first} (deleted by retention?); going on`,
        );
      }
      return fetched;
    }
    const messages = fetched.messages.filter((m) => BigInt(m.offset) >= pos);
    return messages.length ? { ...fetched, messages } : undefined;
  }

  /** The batch of `tp` up to `next` (exclusive) was emitted. */
  advance(tp: TopicPartition, next: string): void {
    this.#positions.set(tpKey(tp), BigInt(next));
    this.#dirty = true;
    this.#changed = true;
  }

  /**
   * Saves a checkpoint and then commits its offsets to the group; false when
   * nothing moved since the last one. The caller guarantees every emitted batch
   * is durable, none failed, and nothing is emitted until this resolves.
   */
  async save(): Promise<boolean> {
    const scope = this.#scope;
    if (!this.#changed || scope === undefined) return false;
    const state = await this.#o.host.snapshot();
    const offsets: Record<string, string> = {};
    const commit: TopicPartitionOffset[] = [];
    for (const tp of this.#assigned) {
      const pos = this.#positions.get(tpKey(tp));
      if (pos === undefined) continue;
      offsets[tpKey(tp)] = String(pos);
      commit.push({ topic: tp.topic, partition: tp.partition, offset: String(pos) });
    }
    await this.#o.store.save(this.#o.host.pipeline, scope, { offsets, state });
    this.#changed = false;
    this.saved++;
    // A failed group commit (e.g. mid-rebalance) is harmless: the checkpoint is ahead of it.
    await this.#o.commit(commit).catch((e) =>
      this.#o.log(`group commit after checkpoint failed: ${(e as Error)?.message ?? e}`)
    );
    return true;
  }
}
