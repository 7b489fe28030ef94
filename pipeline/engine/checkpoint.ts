/**
 * Checkpoints of keyed transform state (SPEC §4: "operator state is
 * checkpointed so a restart resumes").
 *
 * The engine does not decide *when* a checkpoint is taken: only a source knows
 * which input positions its state corresponds to. A source that can replay its
 * input from a position (the `kafka` source) gets a {@link StateHost} on its
 * context and, at a quiet point of its own — every batch it emitted is durable
 * and it emits nothing meanwhile — calls {@link StateHost.snapshot}. The engine
 * then holds every source's emits, waits for in-flight work, and asks each
 * partition for the `snapshot()` of its transforms. The source stores that
 * snapshot together with its positions (e.g. in Postgres, see
 * `pipeline/store/checkpoint_store.ts`). On restart it restores the state with
 * {@link StateHost.restore} before emitting anything, and replays its input
 * from the stored positions: state and positions describe the same records,
 * so the replay neither drops nor counts anything twice.
 *
 * Limits: a snapshot is per engine partition, and a transform's state is
 * opaque JSON, so it is restored only into the same number of partitions and
 * only into a transform whose spec (type, config, inputs) did not change;
 * anything else starts empty. Records of other sources that feed the same
 * transforms are in the snapshot but cannot be replayed.
 */
import { hashString } from "./batch.ts";
import type { ComponentSpec } from "./topology.ts";

/** The keyed state of every transform, as taken by the engine. */
export interface TransformSnapshot {
  /** Number of engine partitions the state was taken from. */
  partitions: number;
  /** Transform name → fingerprint of its spec; state only goes back into an identical spec. */
  specs: Record<string, string>;
  /** Per engine partition: transform name → its `snapshot()`. */
  states: Record<string, unknown>[];
}

/** What the engine offers a source that checkpoints (see the module doc). */
export interface StateHost {
  /** Topology name, the checkpoint's namespace. */
  readonly pipeline: string;
  /**
   * Holds every source's emits, waits for in-flight work and returns the state
   * of all transforms. The caller must have nothing of its own in flight.
   */
  snapshot(): Promise<TransformSnapshot>;
  /**
   * Replaces the state of all transforms: with `snapshot`'s where it fits
   * (same partition count, same spec), empty otherwise (also when `snapshot`
   * is undefined). Output the old state still held is dropped, not flushed.
   * Returns the names of the transforms whose state was restored.
   */
  restore(snapshot: TransformSnapshot | undefined): Promise<string[]>;
}

/** A stored checkpoint: transform state plus the input positions it corresponds to. */
export interface Checkpoint {
  /** `topic:partition` (or any source-defined position key) → next offset to read. */
  offsets: Record<string, string>;
  state: TransformSnapshot;
}

/** Where checkpoints live, keyed by pipeline and a source-defined scope. */
export interface CheckpointStore {
  load(pipeline: string, scope: string): Promise<Checkpoint | undefined>;
  /** Replaces the checkpoint of (pipeline, scope) atomically. */
  save(pipeline: string, scope: string, checkpoint: Checkpoint): Promise<void>;
}

/** Fingerprints of the transforms of a topology (type, config and inputs). */
export function specFingerprints(components: ComponentSpec[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of components) {
    if (c.kind !== "transform") continue;
    const text = JSON.stringify([c.type, c.config, c.inputs]);
    out[c.name] = `${hashString(text).toString(16)}:${text.length}`;
  }
  return out;
}

/**
 * The per-partition restore maps for the current transforms: the states of
 * `snapshot` whose spec is unchanged, or undefined when nothing fits (no
 * snapshot, or a different partition count).
 */
export function restorable(
  snapshot: TransformSnapshot | undefined,
  specs: Record<string, string>,
  partitions: number,
): Record<string, unknown>[] | undefined {
  if (!snapshot || snapshot.partitions !== partitions) return undefined;
  if (!Array.isArray(snapshot.states) || snapshot.states.length !== partitions) return undefined;
  const keep = Object.keys(specs).filter((name) => snapshot.specs?.[name] === specs[name]);
  if (keep.length === 0) return undefined;
  return snapshot.states.map((s) =>
    Object.fromEntries(keep.filter((n) => s?.[n] !== undefined).map((n) => [n, s[n]]))
  );
}

/** An in-memory {@link CheckpointStore}, for tests and hosts without a database. */
export class MemoryCheckpointStore implements CheckpointStore {
  /** `pipeline\0scope` → JSON text (stored as text, so a test sees what a database would). */
  readonly saved = new Map<string, string>();
  /** Saves refused from now on (simulates a process that dies before writing). */
  failSaves = false;

  load(pipeline: string, scope: string): Promise<Checkpoint | undefined> {
    const text = this.saved.get(`${pipeline}\u0000${scope}`);
    return Promise.resolve(text === undefined ? undefined : JSON.parse(text));
  }

  save(pipeline: string, scope: string, checkpoint: Checkpoint): Promise<void> {
    if (this.failSaves) return Promise.reject(new Error("checkpoint store refuses saves"));
    this.saved.set(`${pipeline}\u0000${scope}`, JSON.stringify(checkpoint));
    return Promise.resolve();
  }
}
