import { deepEqual, equal } from "node:assert/strict";
import type { Checkpoint } from "../engine/checkpoint.ts";
import { PostgresCheckpointStore } from "./checkpoint_store.ts";
import { openDatabase } from "./db.ts";

Deno.test("PostgresCheckpointStore saves one row per engine partition and loads them back", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "sluice_ckpt_" });
  const db = await openDatabase({ url: "", dataDir });
  try {
    const store = new PostgresCheckpointStore(db.sql);
    equal(await store.load("rig", "kafka@t:0,1"), undefined);
    const two: Checkpoint = {
      offsets: { "t:0": "120", "t:1": "7" },
      state: {
        partitions: 2,
        specs: { win: "abc:10" },
        states: [{ win: { maxTs: 1.5e12 + 0.1, series: [["A", "rpm", null]] } }, {}],
      },
    };
    await store.save("rig", "kafka@t:0,1", two);
    deepEqual(await store.load("rig", "kafka@t:0,1"), two);
    const [{ n }] = await db.sql`select count(*)::int as n from stream_checkpoints`;
    equal(n, 2);
    // A later save with fewer partitions replaces every row of the scope.
    const one: Checkpoint = {
      offsets: { "t:0": "130", "t:1": "9" },
      state: { partitions: 1, specs: { win: "abc:10" }, states: [{ win: { maxTs: null } }] },
    };
    await store.save("rig", "kafka@t:0,1", one);
    deepEqual(await store.load("rig", "kafka@t:0,1"), one);
    // A pipeline without transforms keeps its offsets.
    const none: Checkpoint = {
      offsets: { "t:2": "5" },
      state: { partitions: 0, specs: {}, states: [] },
    };
    await store.save("rig", "kafka@t:2", none);
    deepEqual(await store.load("rig", "kafka@t:2"), none);
    equal(await store.load("other", "kafka@t:2"), undefined);
  } finally {
    await db.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
