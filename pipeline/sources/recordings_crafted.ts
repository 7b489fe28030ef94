/**
 * `late-and-malformed.ndjson`: a clean simulated stream with hand-placed
 * trouble, for tests of lateness handling and the DLQ. Ground truth:
 * - readings at 10.0 s and 10.5 s of each sensor swap places (out of order, within a second);
 * - after the 30 s readings come three readings stamped 10.25 s, ~20 s behind (late,
 *   ids `late-<sensor>`);
 * - seven malformed lines follow the 15 s readings (bad JSON, non-numeric value, missing
 *   machine, bad ts, unknown quality, an array, an empty sensor).
 */
import type { Reading } from "../engine/record.ts";

const MALFORMED = [
  `{"ts":1735689615000,"machine":"A","sensor":"rpm",`,
  `{"ts":1735689615000,"machine":"A","sensor":"rpm","value":"abc"}`,
  `{"ts":1735689615000,"sensor":"rpm","value":1500}`,
  `{"ts":"not-a-time","machine":"A","sensor":"rpm","value":1500}`,
  `{"ts":1735689615000,"machine":"A","sensor":"rpm","value":1500,"quality":"great"}`,
  `[1735689615000,"A","rpm",1500]`,
  `{"ts":1735689615000,"machine":"A","sensor":"","value":1500}`,
];

/** Builds the lines of `late-and-malformed.ndjson`. */
export async function lateAndMalformed(
  simulate: (options: Record<string, unknown>) => Promise<Reading[]>,
): Promise<string[]> {
  const readings = await simulate({
    machines: ["A"],
    sensors: ["rpm", "vibration", "temperature"],
    rate_hz: 2,
    duration: "40s",
    seed: 9,
  });
  const t0 = readings[0].ts;
  const at = (secs: number) => readings.filter((r) => r.ts === t0 + secs * 1000);
  const lines: string[] = [];
  for (let k = 0; k < 80; k++) {
    const secs = k / 2;
    const swapped = secs === 10 ? 10.5 : secs === 10.5 ? 10 : secs;
    for (const r of at(swapped)) lines.push(JSON.stringify(r));
    if (secs === 15) lines.push(...MALFORMED);
    if (secs === 30) {
      for (const r of at(10)) {
        lines.push(JSON.stringify({ ...r, ts: r.ts + 250, id: `late-${r.sensor}` }));
      }
    }
  }
  return lines;
}
