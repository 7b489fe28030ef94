/**
 * {@link CheckpointStore} on the `stream_checkpoints` table (migrations/001_init.sql).
 *
 * A checkpoint of (pipeline, scope) is one row per engine partition:
 * `component` holds the scope (e.g. `kafka@sensor_readings:0,1,2`),
 * `partition` the engine partition, `state` that partition's transform
 * states, and `offsets` the input positions plus what is needed to put the
 * rows back together. A save replaces all rows of the scope in one
 * transaction, so a reader sees the old checkpoint or the new one, never a mix.
 */
import type postgres from "postgres";
import type { Checkpoint, CheckpointStore } from "../engine/checkpoint.ts";

interface OffsetsColumn {
  offsets: Record<string, string>;
  partitions: number;
  specs: Record<string, string>;
}

/**
 * @example
 * ```ts
 * import postgres from "postgres";
 * import { PostgresCheckpointStore } from "./checkpoint_store.ts";
 * const store = new PostgresCheckpointStore(postgres(Deno.env.get("DATABASE_URL")!));
 * await store.load("rig-alpha", "kafka@sensor_readings:0,1,2");
 * ```
 */
export class PostgresCheckpointStore implements CheckpointStore {
  #sql: postgres.Sql;

  constructor(sql: postgres.Sql) {
    this.#sql = sql;
  }

  async load(pipeline: string, scope: string): Promise<Checkpoint | undefined> {
    const rows = await this.#sql<{ partition: number; state: unknown; offsets: OffsetsColumn }[]>`
      select partition, state, offsets from stream_checkpoints
      where pipeline = ${pipeline} and component = ${scope}
      order by partition`;
    if (rows.length === 0) return undefined;
    const head = rows[0].offsets;
    // All rows are written in one transaction; anything else is not a checkpoint we wrote.
    if (rows.length !== head.partitions && !(head.partitions === 0 && rows.length === 1)) {
      return undefined;
    }
    return {
      offsets: head.offsets,
      state: {
        partitions: head.partitions,
        specs: head.specs,
        states: head.partitions === 0
          ? []
          : rows.map((r) => (r.state ?? {}) as Record<string, unknown>),
      },
    };
  }

  async save(pipeline: string, scope: string, cp: Checkpoint): Promise<void> {
    const offsets: OffsetsColumn = {
      offsets: cp.offsets,
      partitions: cp.state.partitions,
      specs: cp.state.specs,
    };
    const states = cp.state.partitions === 0 ? [{}] : cp.state.states;
    const json = (v: unknown) => this.#sql.json(v as postgres.JSONValue);
    await this.#sql.begin(async (tx) => {
      await tx`delete from stream_checkpoints
               where pipeline = ${pipeline} and component = ${scope}
                 and partition >= ${states.length}`;
      for (let p = 0; p < states.length; p++) {
        await tx`
          insert into stream_checkpoints (pipeline, component, partition, state, offsets, updated_at)
          values (${pipeline}, ${scope}, ${p}, ${json(states[p])}, ${json(offsets)}, now())
          on conflict (pipeline, component, partition) do update set
            state = excluded.state, offsets = excluded.offsets, updated_at = excluded.updated_at`;
      }
    });
  }
}
