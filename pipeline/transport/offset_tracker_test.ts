import { deepEqual, equal } from "node:assert/strict";
import { OffsetTracker } from "./offset_tracker.ts";
import type { TopicPartitionOffset } from "./transport.ts";

const tp0 = { topic: "t", partition: 0 };
const tp1 = { topic: "t", partition: 1 };

function recorder() {
  const commits: TopicPartitionOffset[][] = [];
  const errors: TopicPartitionOffset[] = [];
  const tracker = new OffsetTracker({
    commit: (offsets) => {
      commits.push(offsets);
      return Promise.resolve();
    },
    onWriteError: (at) => errors.push(at),
  });
  return { tracker, commits, errors };
}

Deno.test("OffsetTracker commits a partition's position only after earlier batches are durable", async () => {
  const { tracker, commits } = recorder();
  const first = Promise.withResolvers<void>();
  tracker.track(tp0, "0", "10", first.promise);
  tracker.track(tp0, "10", "20", Promise.resolve());
  await Promise.resolve();
  await Promise.resolve();
  deepEqual(commits, [], "the second batch is durable but the first is not");
  first.resolve();
  await tracker.idle();
  const last = commits.at(-1)!;
  deepEqual(last, [{ topic: "t", partition: 0, offset: "20" }]);
  deepEqual(tracker.committed(), [{ topic: "t", partition: 0, offset: "20" }]);
});

Deno.test("OffsetTracker stops a partition at a failed write and keeps committing others", async () => {
  const { tracker, commits, errors } = recorder();
  tracker.track(tp0, "0", "10", Promise.resolve());
  tracker.track(tp0, "10", "20", Promise.reject(new Error("db down")));
  tracker.track(tp0, "20", "30", Promise.resolve());
  tracker.track(tp1, "0", "5", Promise.resolve());
  await tracker.idle();
  deepEqual(errors, [{ topic: "t", partition: 0, offset: "10" }]);
  const committed = Object.fromEntries(commits.flat().map((c) => [c.partition, c.offset]));
  deepEqual(committed, { 0: "10", 1: "5" });
});

Deno.test("OffsetTracker.below() waits while too many batches are in flight", async () => {
  const { tracker } = recorder();
  const gates = [0, 1, 2].map(() => Promise.withResolvers<void>());
  gates.forEach((g, i) => tracker.track(tp0, String(i), String(i + 1), g.promise));
  equal(tracker.inflight, 3);
  let passed = false;
  const waiting = tracker.below(3).then(() => passed = true);
  await Promise.resolve();
  equal(passed, false);
  gates[0].resolve();
  await waiting;
  equal(passed, true);
  gates[1].resolve();
  gates[2].resolve();
  await tracker.idle();
  equal(tracker.inflight, 0);
});

Deno.test("OffsetTracker retries a failed commit request at idle()", async () => {
  let calls = 0;
  const committed: string[] = [];
  const tracker = new OffsetTracker({
    commit: (offsets) => {
      if (calls++ === 0) return Promise.reject(new Error("rebalance in progress"));
      committed.push(...offsets.map((o) => o.offset));
      return Promise.resolve();
    },
    onWriteError: () => {},
    onCommitError: () => {},
  });
  tracker.track(tp0, "0", "7", Promise.resolve());
  await tracker.idle();
  deepEqual(committed, ["7"]);
});
