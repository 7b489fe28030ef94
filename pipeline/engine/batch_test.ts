import { deepEqual, equal, ok } from "node:assert/strict";
import {
  filterReadings,
  idAt,
  type ReadingBatch,
  ReadingBatchBuilder,
  readingsOf,
  selectRows,
  splitByPartition,
  transferables,
} from "./batch.ts";

/** Rows 0..n-1 of machines A/B/C; rows with `i % 4 === 3` carry no origin. */
function withOrigin(n: number, capacity = 2): ReadingBatch {
  const b = new ReadingBatchBuilder(capacity);
  const t0 = b.originSource("readings:0");
  const t1 = b.originSource("readings:1");
  for (let i = 0; i < n; i++) {
    b.push(1000 + i, "ABC"[i % 3], "rpm", i);
    if (i % 4 === 0) b.pushOrigin(t0, 40 + i);
    else if (i % 4 === 1) b.pushOrigin(t1, 7, i);
    else if (i % 4 === 2) b.pushOrigin(t0, 9_007_199_254_740_991);
  }
  return b.finish();
}

Deno.test("idAt builds topic:partition:offset ids from the compact origin", () => {
  const batch = withOrigin(4);
  equal(batch.ids, undefined, "no per-row strings are kept");
  deepEqual(
    [0, 1, 2, 3].map((i) => idAt(batch, i)),
    ["readings:0:40", "readings:1:7:1", "readings:0:9007199254740991", undefined],
  );
  deepEqual(readingsOf(batch).map((r) => r.id), [
    "readings:0:40",
    "readings:1:7:1",
    "readings:0:9007199254740991",
    undefined,
  ]);
});

Deno.test("idAt falls back to string ids for rows without a compact origin", () => {
  const b = new ReadingBatchBuilder();
  b.push(1, "A", "rpm", 1, undefined, "good", undefined, "http:abc");
  b.push(2, "A", "rpm", 2);
  b.pushOrigin(b.originSource("t:3"), 12);
  const batch = b.finish();
  deepEqual([idAt(batch, 0), idAt(batch, 1)], ["http:abc", "t:3:12"]);
});

Deno.test("selectRows, filterReadings and splitByPartition keep each row's origin id", () => {
  const batch = withOrigin(9);
  const ids = Array.from({ length: batch.n }, (_, i) => idAt(batch, i));
  const picked = selectRows(batch, [8, 1, 5]);
  deepEqual([0, 1, 2].map((i) => idAt(picked, i)), [ids[8], ids[1], ids[5]]);
  const even = filterReadings(batch, (i) => i % 2 === 0);
  deepEqual(
    Array.from({ length: even.n }, (_, i) => idAt(even, i)),
    ids.filter((_, i) => i % 2 === 0),
  );
  const seen: (string | undefined)[] = [];
  for (const part of splitByPartition(batch, 3).values()) {
    if (part.kind !== "readings") continue;
    for (let i = 0; i < part.n; i++) seen.push(idAt(part, i));
  }
  deepEqual(seen.sort(), [...ids].sort());
});

Deno.test("a batch with origins crosses a worker boundary by transfer, ids intact", () => {
  const batch = withOrigin(7, 3);
  const ids = Array.from({ length: batch.n }, (_, i) => idAt(batch, i));
  const buffers = transferables(batch);
  equal(buffers.length, 8, "five columns and three origin arrays");
  const there = structuredClone(batch, { transfer: buffers });
  equal(batch.origin!.offset.length, 0, "the sender's origin buffers were moved, not copied");
  deepEqual(Array.from({ length: there.n }, (_, i) => idAt(there, i)), ids);
});

Deno.test("a full builder hands its arrays over and starts the next batch empty", () => {
  const b = new ReadingBatchBuilder(2);
  b.push(1, "A", "rpm", 1);
  b.pushOrigin(b.originSource("t:0"), 5);
  b.push(2, "B", "rpm", 2);
  b.pushOrigin(b.originSource("t:0"), 6);
  const first = b.finish();
  b.push(3, "C", "temp", 3);
  const second = b.finish();
  deepEqual(readingsOf(first), [
    { ts: 1, machine: "A", sensor: "rpm", value: 1, id: "t:0:5" },
    { ts: 2, machine: "B", sensor: "rpm", value: 2, id: "t:0:6" },
  ]);
  deepEqual(readingsOf(second), [{ ts: 3, machine: "C", sensor: "temp", value: 3 }]);
  equal(second.origin, undefined);
  ok(first.ts !== second.ts && first.ts.buffer !== second.ts.buffer);
});
