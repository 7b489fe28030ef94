import assert from "node:assert/strict";
import { ManualClock } from "../engine/clock.ts";
import { GroupCommit, isConnectionError } from "./group_commit.ts";

function recorder(gatherMs = 0) {
  const commits: number[][] = [];
  const g = new GroupCommit<number>({
    what: "test sink",
    clock: new ManualClock(0),
    gatherMs,
    maxRetries: 0,
    backoffMs: 1,
    commit: (items) => {
      commits.push(items);
      return Promise.resolve();
    },
  });
  return { g, commits };
}

Deno.test("GroupCommit commits items added during a commit together in the next one", async () => {
  const { g, commits } = recorder();
  await Promise.all([g.add(1), g.add(2), g.add(3)]);
  assert.deepEqual(commits, [[1], [2, 3]]);
  await g.add(4);
  await g.idle();
  assert.deepEqual(commits, [[1], [2, 3], [4]]);
});

Deno.test("GroupCommit with a gather interval commits concurrent items at once", async () => {
  const { g, commits } = recorder(50);
  await Promise.all([g.add(1), g.add(2), g.add(3)]);
  assert.deepEqual(commits, [[1, 2, 3]]);
});

Deno.test("GroupCommit rejects every caller of a failed commit and keeps going", async () => {
  let fail = true;
  const g = new GroupCommit<number>({
    what: "test sink",
    clock: new ManualClock(0),
    gatherMs: 0,
    maxRetries: 2,
    backoffMs: 1,
    commit: () => fail ? Promise.reject(new Error("bad row")) : Promise.resolve(),
  });
  await assert.rejects(g.add(1), /Cannot write to test sink: bad row/);
  fail = false;
  await g.add(2);
});

Deno.test("isConnectionError tells connection errors from data errors", () => {
  assert.ok(isConnectionError(Object.assign(new Error(), { code: "CONNECTION_CLOSED" })));
  assert.ok(isConnectionError({ code: "08006" }));
  assert.ok(!isConnectionError({ code: "23514" }));
  assert.ok(!isConnectionError(new Error("x")));
  assert.ok(!isConnectionError(null));
});
