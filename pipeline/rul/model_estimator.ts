/**
 * Per-machine RUL from the learned model, for C-MAPSS-like streams: window
 * aggregates of one cycle each are assembled into cycles (one value per model
 * sensor at one window end) and the model predicts cycles to failure.
 */
import type { Aggregate, RulEstimate } from "../engine/record.ts";
import { predictRul, type RulModel } from "./model.ts";

export interface ModelOptions {
  model: RulModel;
  /** Event-time seconds per engine cycle (must match the source). */
  cycle_secs: number;
  interval_z: number;
  /** Cycles kept per machine (the model needs its whole life; older cycles are dropped). */
  max_cycles: number;
}

interface MachineState {
  /** Window end → value per model sensor (NaN = not yet seen). */
  pending: Record<string, number[]>;
  /** Complete cycles, `history[j]` per model sensor. */
  history: number[][];
  last: number;
}

/** Estimates RUL per machine with the shipped model. */
export class ModelEstimator {
  #o: ModelOptions;
  #index: Map<string, number>;
  #machines = new Map<string, MachineState>();

  constructor(o: ModelOptions) {
    this.#o = o;
    this.#index = new Map(o.model.sensors.map((s, j) => [s, j]));
  }

  /** Whether aggregates of `sensor` are used. */
  watches(sensor: string): boolean {
    return this.#index.has(sensor);
  }

  /** Adds one aggregate; returns true when it completed a cycle. Cycles older than the last complete one are ignored. */
  add(a: Aggregate): boolean {
    const j = this.#index.get(a.sensor);
    if (j === undefined) return false;
    const k = this.#index.size;
    let m = this.#machines.get(a.machine);
    if (!m) {
      m = { pending: {}, history: Array.from({ length: k }, () => []), last: -Number.MAX_VALUE };
      this.#machines.set(a.machine, m);
    }
    if (a.ts <= m.last) return false;
    const key = String(a.ts);
    const row = m.pending[key] ??= new Array(k).fill(NaN);
    row[j] = a.mean;
    if (row.some((v) => Number.isNaN(v))) return false;
    delete m.pending[key];
    for (const old of Object.keys(m.pending)) if (Number(old) < a.ts) delete m.pending[old];
    row.forEach((v, i) => {
      m.history[i].push(v);
      if (m.history[i].length > this.#o.max_cycles) m.history[i].shift();
    });
    m.last = a.ts;
    return true;
  }

  /** The current estimate for `machine`, or null before its first complete cycle. */
  estimate(machine: string): RulEstimate | null {
    const m = this.#machines.get(machine);
    if (!m || m.history[0].length === 0) return null;
    const { model, cycle_secs, interval_z } = this.#o;
    const cycles = predictRul(model, m.history);
    const half = interval_z * model.residual_std;
    const h = cycle_secs / 3600;
    return {
      kind: "rul",
      ts: m.last,
      machine,
      hours: cycles * h,
      lower: Math.max(0, cycles - half) * h,
      upper: (cycles + half) * h,
      confidence: model.validation_r2 ?? 0.5,
      method: "model",
    };
  }

  snapshot(): Record<string, MachineState> {
    return structuredClone(Object.fromEntries(this.#machines));
  }

  restore(state: unknown): void {
    this.#machines = new Map(
      Object.entries(structuredClone((state ?? {}) as Record<string, MachineState>)),
    );
  }
}
