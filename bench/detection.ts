/**
 * Detection quality bench (issue 5 item 7): the default topology's detectors
 * on the labelled all-faults recording, precision / recall / F1 per fault type
 * and overall, per machine × 5 s window (see `pipeline/quality/score.ts`).
 *
 * Run: `deno run -A bench/detection.ts` or `deno task bench --only detection`.
 */
import { evaluateDetection } from "../pipeline/quality/evaluate.ts";

const ROOT = new URL("../", import.meta.url);
const TOPOLOGY = new URL("topology/rig-alpha.yaml", ROOT).pathname;
const RECORDING = new URL("topology/recordings/all-faults.ndjson", ROOT).pathname;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** One JSON row per fault type and one overall row (figure `detection_f1`). */
export async function benchDetection(): Promise<Record<string, unknown>[]> {
  const e = await evaluateDetection(TOPOLOGY, RECORDING);
  const rows: Record<string, unknown>[] = e.faults.map((f) => ({
    figure: "detection_f1",
    fault: f.fault,
    windows: f.windows,
    tp: f.tp,
    fp: f.fp,
    fn: f.fn,
    precision: r3(f.precision),
    recall: r3(f.recall),
    f1: r3(f.f1),
    first_alarm_windows: f.first_alarm,
  }));
  rows.push({
    figure: "detection_f1",
    fault: "overall",
    topology: "topology/rig-alpha.yaml",
    recording: "topology/recordings/all-faults.ndjson",
    unit: `machine × ${e.window_ms / 1000} s window`,
    detectors: e.detectors,
    windows: e.overall.windows,
    faulty_windows: e.overall.faulty_windows,
    tp: e.overall.tp,
    fp: e.overall.fp,
    fn: e.overall.fn,
    precision: r3(e.overall.precision),
    recall: r3(e.overall.recall),
    f1: r3(e.overall.f1),
  });
  return rows;
}

if (import.meta.main) {
  for (const row of await benchDetection()) console.log(JSON.stringify(row));
}
