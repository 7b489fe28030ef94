/**
 * Detection quality bench (issue 5 item 7): the default topology's detectors
 * on the labelled all-faults recordings (seed 8, and seeds 9 and 10 held out),
 * precision / recall / F1 per fault type and overall, per machine × 5 s window
 * (see `pipeline/quality/score.ts`; analysis in docs/detection.md).
 *
 * Run: `deno run -A bench/detection.ts` or `deno task bench --only detection`.
 */
import { evaluateDetection } from "../pipeline/quality/evaluate.ts";

const ROOT = new URL("../", import.meta.url);
const TOPOLOGY = "topology/rig-alpha.yaml";
/** The all-faults recordings by simulator seed (same set-up, pipeline/sources/recordings.ts). */
const RECORDINGS: [number, string][] = [
  [8, "topology/recordings/all-faults.ndjson"],
  [9, "topology/recordings/all-faults-9.ndjson"],
  [10, "topology/recordings/all-faults-10.ndjson"],
];

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * One JSON row per seed and fault type, one overall row per seed, and a
 * `seeds` row pooling the three (figure `detection_f1`).
 */
export async function benchDetection(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const pooled = { tp: 0, fp: 0, fn: 0 };
  for (const [seed, recording] of RECORDINGS) {
    const e = await evaluateDetection(
      new URL(TOPOLOGY, ROOT).pathname,
      new URL(recording, ROOT).pathname,
    );
    for (const f of e.faults) {
      rows.push({
        figure: "detection_f1",
        seed,
        fault: f.fault,
        windows: f.windows,
        tp: f.tp,
        fp: f.fp,
        fn: f.fn,
        precision: r3(f.precision),
        recall: r3(f.recall),
        f1: r3(f.f1),
        first_alarm_windows: f.first_alarm,
      });
    }
    const o = e.overall;
    pooled.tp += o.tp, pooled.fp += o.fp, pooled.fn += o.fn;
    rows.push({
      figure: "detection_f1",
      seed,
      fault: "overall",
      topology: TOPOLOGY,
      recording,
      unit: `machine × ${e.window_ms / 1000} s window`,
      detectors: e.detectors,
      windows: o.windows,
      faulty_windows: o.faulty_windows,
      tp: o.tp,
      fp: o.fp,
      fn: o.fn,
      precision: r3(o.precision),
      recall: r3(o.recall),
      f1: r3(o.f1),
    });
  }
  const p = pooled.tp / (pooled.tp + pooled.fp), r = pooled.tp / (pooled.tp + pooled.fn);
  rows.push({
    figure: "detection_f1",
    seed: RECORDINGS.map(([s]) => s),
    fault: "overall",
    ...pooled,
    precision: r3(p),
    recall: r3(r),
    f1: r3(p + r === 0 ? 0 : (2 * p * r) / (p + r)),
  });
  return rows;
}

if (import.meta.main) {
  for (const row of await benchDetection()) console.log(JSON.stringify(row));
}
