import assert from "node:assert/strict";
import { eventBatch, readingBatchOf } from "../engine/batch.ts";
import type { Aggregate } from "../engine/record.ts";
import { forEachPoint, SeriesStates } from "./points.ts";

Deno.test("forEachPoint visits readings and aggregate means with per-series state", () => {
  const states = new SeriesStates((machine, sensor) => ({ key: `${machine}/${sensor}`, seen: 0 }));
  const seen: [string, number, number, string | undefined][] = [];
  const visit = (s: { key: string; seen: number }, ts: number, v: number, l?: string) => {
    s.seen++;
    seen.push([s.key, ts, v, l]);
  };
  forEachPoint(
    readingBatchOf([
      { ts: 1, machine: "A", sensor: "rpm", value: 10 },
      { ts: 2, machine: "B", sensor: "rpm", value: 20, label: "leak" },
      { ts: 3, machine: "A", sensor: "rpm", value: 30 },
    ]),
    (m, s) => states.get(m, s),
    visit,
  );
  const agg = (mean: number, update?: boolean): Aggregate => ({
    kind: "aggregate",
    ts: 5000,
    window_start: 0,
    window_end: 5000,
    machine: "A",
    sensor: "rpm",
    count: 5,
    mean,
    min: 0,
    max: 0,
    stddev: 0,
    last: 0,
    slope: 0,
    ...(update ? { update } : {}),
  });
  forEachPoint(eventBatch([agg(40), agg(41, true)]), (m, s) => states.get(m, s), visit);
  assert.deepEqual(seen, [
    ["A/rpm", 1, 10, undefined],
    ["B/rpm", 2, 20, "leak"],
    ["A/rpm", 3, 30, undefined],
    ["A/rpm", 5000, 40, undefined],
  ]);
  assert.equal(states.get("A", "rpm").seen, 3);
  assert.equal(states.size, 2);
});
