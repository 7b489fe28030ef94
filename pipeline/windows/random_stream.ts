/** Seeded random reading streams for the window tests and benchmarks. */
import type { Reading } from "../engine/record.ts";

/** mulberry32: small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
