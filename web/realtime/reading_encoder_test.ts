import { equal } from "node:assert/strict";
import { ReadingBatchBuilder } from "../../pipeline/engine/batch.ts";
import { ReadingEncoder } from "./reading_encoder.ts";
import { HealthTracker, translate } from "./translate.ts";

/** What the hub sent before the fast path: JSON.stringify of the translated message. */
function reference(batch: ReturnType<ReadingBatchBuilder["finish"]>, epoch: number, first: number) {
  return translate(batch, new HealthTracker()).map((m, i) =>
    JSON.stringify({
      type: m.type,
      timestamp: new Date(m.ts).toISOString(),
      position: { epoch, offset: first + i },
      data: m.data,
    })
  );
}

Deno.test("ReadingEncoder writes the same JSON as stringifying the translated message", () => {
  const b = new ReadingBatchBuilder(16);
  b.pushReading({
    ts: 1_700_000_000_000,
    machine: "A",
    sensor: "rpm",
    value: 1500.25,
    unit: "rpm",
  });
  b.pushReading({ ts: 1_700_000_000_000, machine: "A", sensor: "temp", value: -0, unit: "°C" });
  b.pushReading({ ts: 1_700_000_000_050, machine: 'B"q', sensor: "x", value: NaN });
  b.pushReading({
    ts: 1_700_000_000_050,
    machine: "A",
    sensor: "rpm",
    value: 1e-7,
    quality: "bad",
  });
  b.pushReading({
    ts: 1_700_000_000_100,
    machine: "C",
    sensor: "v",
    value: Infinity,
    quality: "uncertain",
    unit: "mm/s",
  });
  const batch = b.finish();
  const enc = new ReadingEncoder();
  const got = Array.from({ length: batch.n }, (_, i) => enc.entry(batch, i, 42, 10 + i));
  const want = reference(batch, 42, 10);
  for (let i = 0; i < batch.n; i++) equal(got[i].json, want[i]);
  equal(got[0].key, "s\u0000A\u0000rpm");
  equal(got[0].channel, "sensor_data");
  equal(got[4].offset, 14);
});

Deno.test("ReadingEncoder keeps series with the same names but different units apart", () => {
  const enc = new ReadingEncoder();
  const one = new ReadingBatchBuilder(4);
  one.pushReading({ ts: 5_000, machine: "A", sensor: "t", value: 1, unit: "°C" });
  const two = new ReadingBatchBuilder(4);
  two.pushReading({ ts: 5_000, machine: "A", sensor: "t", value: 1 });
  const a = one.finish(), b = two.finish();
  equal(enc.entry(a, 0, 1, 1).json, reference(a, 1, 1)[0]);
  equal(enc.entry(b, 0, 1, 2).json, reference(b, 1, 2)[0]);
});
