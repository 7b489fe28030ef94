/**
 * Throughput of `validate` on clean data (target ≥ 10M readings/s):
 * `deno bench -A pipeline/transforms/validate_bench.ts`. One iteration
 * validates one batch of 4096 readings, so readings/s = 4096 / (time per iter).
 */
import { ReadingBatchBuilder } from "../engine/batch.ts";
import { harness } from "../testing/operator_harness.ts";
import { validate } from "./validate.ts";

const T0 = Date.UTC(2024, 0, 1);
const SENSORS: [string, number][] = [
  ["rpm", 2000],
  ["vibration", 1.2],
  ["bearing_temp", 150],
  ["current", 80],
  ["pressure", 5],
];
const b = new ReadingBatchBuilder(4096);
for (let i = 0; i < 4096; i++) {
  const [sensor, base] = SENSORS[i % SENSORS.length];
  b.push(T0 + i, ["A", "B", "C"][i % 3], sensor, base * (1 + (i % 7) / 100));
}
const batch = b.finish();
const h = await harness(validate, {});
h.clock.advance(T0);

Deno.bench("validate: 4096 clean readings", () => {
  h.outputs.clear();
  h.op.process(batch, "in");
});
