/** Seeded random reading streams for the window tests and benchmarks. */
import type { Reading } from "../engine/record.ts";

import { mulberry32 } from "../util/mulberry32.ts";

/** Small seeded PRNG for test streams. */
export const prng = mulberry32;

/** A stream of readings from 4 series (A|B × rpm|temp), with jitter up to `disorder` ms and some very late readings. */
export function randomStream(seed: number, n: number, disorder: number): Reading[] {
  const rnd = prng(seed);
  const out: Reading[] = [];
  let clock = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    clock += Math.floor(rnd() * 400);
    const lateBy = rnd() < 0.05 ? Math.floor(rnd() * 20_000) : Math.floor(rnd() * disorder);
    const r: Reading = {
      ts: clock - lateBy,
      machine: rnd() < 0.5 ? "A" : "B",
      sensor: rnd() < 0.5 ? "rpm" : "temp",
      value: 1000 + Math.round(rnd() * 1000) / 10,
    };
    if (rnd() < 0.2) r.label = rnd() < 0.5 ? "leak" : "drift";
    out.push(r);
  }
  return out;
}
