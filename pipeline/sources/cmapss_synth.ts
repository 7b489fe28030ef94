/**
 * Synthetic C-MAPSS-like run-to-failure engines, for demos and tests: the 14
 * informative FD001 sensors around their FD001 healthy means, with FD001-sized
 * cycle noise, and an exponential HPC degradation that reaches the FD001
 * end-of-life shift at the engine's failure cycle. Readings after the
 * degradation onset are labelled `hpc_degradation`.
 */
import type { Reading } from "../engine/record.ts";
import { CMAPSS_SENSORS } from "../rul/cmapss.ts";
import { mulberry32 } from "../rul/gbrt.ts";

/** [sensor, healthy mean, shift at failure, cycle noise σ], measured on train_FD001. */
const PROFILE: readonly [string, number, number, number][] = [
  ["t24", 642.381, 1.29, 0.3],
  ["t30", 1586.84, 15.4, 4.04],
  ["t50", 1402.76, 26.2, 4.0],
  ["p30", 553.951, -2.46, 0.411],
  ["nf", 2388.06, 0.174, 0.0302],
  ["nc", 9056.01, 42.0, 4.22],
  ["ps30", 47.3525, 0.79, 0.101],
  ["phi", 521.91, -2.1, 0.301],
  ["nrf", 2388.06, 0.178, 0.0298],
  ["nrc", 8137.37, 29.5, 3.1],
  ["bpr", 8.41829, 0.102, 0.0202],
  ["ht_bleed", 392.26, 3.98, 0.931],
  ["w31", 38.9328, -0.487, 0.1],
  ["w32", 23.3601, -0.29, 0.0608],
];

const UNITS = new Map(CMAPSS_SENSORS.map((s) => [s.name, s.unit]));

export const DEGRADATION_LABEL = "hpc_degradation";

export interface SynthOptions {
  assets: number;
  /** Event-time span of the run; each engine fails within it. */
  hours: number;
  cycle_secs: number;
  /** Epoch ms of cycle 1. */
  start_ts: number;
  seed: number;
}

/** One synthetic engine: its failure cycle and degradation onset. */
export interface SynthEngine {
  machine: string;
  /** Last cycle (failure). */
  failure_cycle: number;
  onset_cycle: number;
}

/** Draws the engines of a run (failure between 60 % and 100 % of the span). */
export function synthEngines(o: SynthOptions): SynthEngine[] {
  const cycles = Math.floor((o.hours * 3600) / o.cycle_secs);
  if (cycles < 10) {
    throw new RangeError(
      `Cannot generate C-MAPSS runs: need at least 10 cycles, got ${cycles} (hours ${o.hours}, cycle_secs ${o.cycle_secs})`,
    );
  }
  const rnd = mulberry32(o.seed);
  return Array.from({ length: o.assets }, (_, i) => {
    const failure = Math.max(10, Math.round(cycles * (0.6 + 0.4 * rnd())));
    const onset = Math.round(failure * (0.35 + 0.3 * rnd()));
    return { machine: `engine_${i + 1}`, failure_cycle: failure, onset_cycle: onset };
  });
}

/** Degradation 0..1 at `cycle`: 0 before onset, exponential growth to 1 at failure. */
export function degradation(e: SynthEngine, cycle: number): number {
  if (cycle <= e.onset_cycle) return 0;
  const x = (cycle - e.onset_cycle) / (e.failure_cycle - e.onset_cycle);
  const k = 3;
  return (Math.exp(k * x) - 1) / (Math.exp(k) - 1);
}

/**
 * Readings of every engine, cycle by cycle (all engines' cycle c, then c+1),
 * until each engine's failure cycle.
 */
export function* synthReadings(o: SynthOptions): Generator<Reading> {
  const engines = synthEngines(o);
  const rnd = mulberry32(o.seed ^ 0x9e3779b9);
  const gauss = () => {
    const u = Math.max(rnd(), 1e-12), v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const last = Math.max(...engines.map((e) => e.failure_cycle));
  for (let c = 1; c <= last; c++) {
    const ts = o.start_ts + (c - 1) * o.cycle_secs * 1000;
    for (const e of engines) {
      if (c > e.failure_cycle) continue;
      const d = degradation(e, c);
      const label = c > e.onset_cycle ? DEGRADATION_LABEL : undefined;
      for (const [sensor, mean, shift, sd] of PROFILE) {
        const value = Math.round((mean + shift * d + sd * gauss()) * 1e4) / 1e4;
        const r: Reading = { ts, machine: e.machine, sensor, value, unit: UNITS.get(sensor) };
        if (label) r.label = label;
        yield r;
      }
    }
  }
}
